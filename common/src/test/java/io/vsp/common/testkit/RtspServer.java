package io.vsp.common.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A live RTSP server for tests: GStreamer's gst-rtsp-server (driven by the {@code rtsp/rtsp_server.py}
 * resource under Debian's {@code /usr/bin/python3}) serving generated H.264/H.265 streams, or the H.264
 * track of an MP4 file, on 127.0.0.1, optionally behind digest authentication. It can be stopped and started again on the same port, and
 * frozen (SIGSTOP) to simulate a camera that hangs without closing its connections.
 */
public final class RtspServer implements AutoCloseable {

  /** Debian's interpreter: it has the {@code gi} GStreamer bindings, a pyenv python on PATH may not. */
  private static final String PYTHON = "/usr/bin/python3";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

  private static Path script; // guarded by RtspServer.class

  private final Map<String, String> mounts;
  private final String user;
  private final String password;
  private final Path stderrFile;
  private final Thread cleanupHook;
  private int port; // guarded by this; 0 until the first start, then fixed
  private volatile Process process; // written under this; read by the cleanup hook without the lock
  private boolean frozen; // guarded by this

  private RtspServer(Builder builder) {
    this.mounts = Collections.unmodifiableMap(new LinkedHashMap<>(builder.mounts));
    this.user = builder.user;
    this.password = builder.password;
    this.stderrFile = TestFiles.tempDir("vsp-rtsp-").resolve("server.err");
    this.cleanupHook = new Thread(this::kill, "rtsp-server-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanupHook);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code rtsp://127.0.0.1:<port><path>}, without credentials. */
  public String url(String path) {
    return "rtsp://127.0.0.1:" + port() + (path.startsWith("/") ? path : "/" + path);
  }

  public synchronized int port() {
    if (port == 0) {
      throw new IllegalStateException("the RTSP server has not been started yet");
    }
    return port;
  }

  /** Starts the server (again, on the same port after the first start) and waits until it listens. */
  public synchronized void start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("RTSP server on port " + port + " is already running");
    }
    List<String> command = new ArrayList<>(List.of(PYTHON, scriptPath().toString(), "--port=" + port));
    if (user != null) {
      // the `--key=value` form keeps a value that starts with '-' from being read as an option
      command.add("--user=" + user);
      command.add("--password=" + password);
    }
    mounts.forEach((path, spec) -> command.add(path + "=" + spec));
    try {
      process = new ProcessBuilder(command).redirectError(Redirect.appendTo(stderrFile.toFile())).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + PYTHON + " (GStreamer RTSP server)", e);
    }
    frozen = false;
    port = awaitReady(process);
  }

  /** SIGTERM, then SIGKILL if it does not exit within 5 s; waits until the process is gone. */
  public synchronized void stop() {
    if (process == null || !process.isAlive()) {
      return;
    }
    if (frozen) {
      thaw(); // a stopped process would hold SIGTERM pending until continued
    }
    process.destroy();
    if (!waitForExit(STOP_TIMEOUT)) {
      process.destroyForcibly();
      waitForExit(STOP_TIMEOUT);
    }
  }

  /** Suspends the server (SIGSTOP): connections stay open but nothing more is sent or answered. */
  public synchronized void freeze() {
    signal("STOP");
    frozen = true;
  }

  /** Resumes a frozen server (SIGCONT). */
  public synchronized void thaw() {
    signal("CONT");
    frozen = false;
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Kills the server (SIGKILL, which also ends a frozen one); the port is not reused after this. */
  @Override
  public void close() {
    kill();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanupHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down and the hook runs (or ran) anyway
    }
  }

  private void kill() {
    Process p = process;
    if (p != null && p.isAlive()) {
      p.destroyForcibly();
      try {
        p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "RtspServer[127.0.0.1:" + port + ", mounts " + mounts.keySet() + (user != null ? ", digest auth" : "") + "]";
  }

  /** Reads the script's stdout until {@code READY <port>}; fails with its stderr when it dies or hangs. */
  private int awaitReady(Process started) {
    CompletableFuture<Integer> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> readStdout(started.getInputStream(), ready), "rtsp-server-stdout");
    reader.setDaemon(true);
    reader.start();
    try {
      return ready.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      String why = e instanceof TimeoutException ? "did not print READY within " + READY_TIMEOUT.toSeconds() + " s"
          : e.getCause().getMessage();
      started.destroyForcibly();
      waitForExit(STOP_TIMEOUT);
      throw new IllegalStateException("RTSP server " + why + "; stderr:\n" + TestFiles.tail(stderrFile, 40));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      started.destroyForcibly();
      throw new IllegalStateException("interrupted while starting the RTSP server", e);
    }
  }

  /** Completes {@code ready} with the port of the READY line, then keeps draining stdout until EOF. */
  private static void readStdout(InputStream stdout, CompletableFuture<Integer> ready) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith("READY ")) {
          ready.complete(Integer.parseInt(line.substring(6).trim()));
        }
      }
      ready.completeExceptionally(new IllegalStateException("exited before it was ready"));
    } catch (IOException | NumberFormatException e) {
      ready.completeExceptionally(e);
    }
  }

  private void signal(String name) {
    if (process == null || !process.isAlive()) {
      throw new IllegalStateException("RTSP server is not running");
    }
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
      if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling the RTSP server", e);
    }
  }

  private boolean waitForExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The script, copied once per JVM out of the classpath into a temp file python can run. */
  private static synchronized Path scriptPath() {
    if (script == null) {
      try (InputStream in = RtspServer.class.getResourceAsStream("/rtsp/rtsp_server.py")) {
        if (in == null) {
          throw new IllegalStateException("resource /rtsp/rtsp_server.py is not on the test classpath");
        }
        Path copy = TestFiles.tempDir("vsp-rtsp-script-").resolve("rtsp_server.py");
        Files.copy(in, copy);
        script = copy;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return script;
  }

  /** Mounts and credentials of a server; {@link #start()} builds and starts it. */
  public static final class Builder {
    private final Map<String, String> mounts = new LinkedHashMap<>();
    private String user;
    private String password;

    private Builder() {}

    /**
     * Adds a mount: {@code path} like {@code /main}; {@code spec} is
     * {@code codec:WIDTHxHEIGHT@FPS[:gop=N][:pattern=P]} with codec {@code h264} or {@code h265}, e.g.
     * {@code h264:1280x720@25:gop=25} (keyframe every 25 frames; default gop = fps), or
     * {@code file:/ABS/PATH.mp4[:loop]} (see {@link #mountFile}).
     */
    public Builder mount(String path, String spec) {
      if (!path.startsWith("/") || path.contains("=")) {
        throw new IllegalArgumentException("mount path must start with '/' and hold no '=': " + path);
      }
      mounts.put(path, spec);
      return this;
    }

    /**
     * Adds a mount serving the H.264 track of an MP4 file in real time, like a live camera: access units
     * as stored (the file's GOP), parameter sets before every keyframe, timestamps from 0 when the
     * stream is first set up. A client joining while another watches sees the current frame, not the
     * start. With {@code loop} the file starts over at its end, timestamps running on (loop n is shifted
     * by n file durations); without, the stream ends with the file. The file is read when the server
     * starts.
     */
    public Builder mountFile(String path, Path mp4, boolean loop) {
      if (!mp4.isAbsolute() || !Files.isRegularFile(mp4)) {
        throw new IllegalArgumentException("file mount needs an absolute path to an existing file: " + mp4);
      }
      return mount(path, "file:" + mp4 + (loop ? ":loop" : ""));
    }

    /** Every mount then needs digest authentication with these credentials. */
    public Builder digestAuth(String user, String password) {
      this.user = user;
      this.password = password;
      return this;
    }

    public RtspServer start() {
      if (mounts.isEmpty()) {
        throw new IllegalStateException("an RTSP server needs at least one mount");
      }
      RtspServer server = new RtspServer(this);
      server.start();
      return server;
    }
  }
}
