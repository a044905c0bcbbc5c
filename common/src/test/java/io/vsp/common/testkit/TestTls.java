package io.vsp.common.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * TLS material for a test broker on 127.0.0.1, made with the JDK's own {@code keytool}: a self-signed
 * certificate (its own CA) whose subject alternative names are {@code localhost} and {@code 127.0.0.1}, so
 * clients keep hostname verification on; the broker's PKCS12 keystore and a client truststore holding only
 * that certificate. Valid for two days: long enough for any test run, useless afterwards.
 *
 * @param keystore the broker's key and certificate
 * @param truststore the certificate alone, for clients
 * @param password the password of both stores (and of the key)
 */
record TestTls(Path keystore, Path truststore, String password) {
  private static final long KEYTOOL_TIMEOUT_S = 60;

  /** Writes {@code broker.p12}, {@code broker.crt} and {@code truststore.p12} into {@code dir}. */
  static TestTls create(Path dir) {
    String password = UUID.randomUUID().toString();
    Path keystore = dir.resolve("broker.p12");
    Path certificate = dir.resolve("broker.crt");
    Path truststore = dir.resolve("truststore.p12");
    keytool(dir, "-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=localhost,O=VSP test kit", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
        "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", password);
    keytool(dir, "-exportcert", "-rfc", "-alias", "broker", "-keystore", keystore.toString(),
        "-storepass", password, "-file", certificate.toString());
    keytool(dir, "-importcert", "-noprompt", "-alias", "vsp-test-ca", "-file", certificate.toString(),
        "-keystore", truststore.toString(), "-storetype", "PKCS12", "-storepass", password);
    return new TestTls(keystore, truststore, password);
  }

  private static void keytool(Path dir, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Path log = dir.resolve("keytool.log");
    try {
      Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      if (!p.waitFor(KEYTOOL_TIMEOUT_S, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("keytool " + args[0] + " did not finish within " + KEYTOOL_TIMEOUT_S + " s");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException("keytool " + args[0] + " failed with exit code " + p.exitValue() + ":\n"
            + (Files.exists(log) ? TestFiles.tail(log, 20) : ""));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run keytool", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running keytool", e);
    }
  }
}
