package io.vsp.app;

import io.vsp.common.config.CameraConfig;
import io.vsp.common.config.ConfigException;
import io.vsp.common.config.ConfigLoader;
import io.vsp.common.config.VspConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vsp config check}: validates a configuration and lists the cameras it would run, masked. */
@Command(name = "config", description = "Configuration tools.", subcommands = ConfigCommand.Check.class)
final class ConfigCommand {

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = "Validate a configuration and print the cameras it would run (credentials masked).")
  static final class Check implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "Configuration file (YAML).")
    Path config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws ConfigException {
      VspConfig cfg = ConfigLoader.load(config);
      PrintWriter out = spec.commandLine().getOut();
      out.printf("%s: OK%n", config);
      out.printf("kafka: %s (topics %s*)%n", cfg.kafka().bootstrap(), cfg.kafka().topicPrefix());
      var cameras = cfg.allCameras(cfg.camerasDir() == null ? java.util.Map.of()
          : ConfigLoader.loadCamerasDir(cfg.camerasDir()));
      out.printf("cameras: %d%n", cameras.size());
      for (CameraConfig c : cameras) {
        out.printf("  %-20s %-8s %s%s  detect %.3g fps, max width %d, JPEG q%d, %s%n", c.id(),
            c.enabled() ? "enabled" : "disabled", c.maskedUrl(),
            c.detectUrl() == null ? "" : "  (detect: " + c.maskedDetectUrl() + ")",
            c.detect().fps(), c.detect().maxWidth(), c.detect().jpegQuality(),
            c.transport().name().toLowerCase());
      }
      out.flush();
      return 0;
    }
  }
}
