package io.vsp.detector.engine.tensorrt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Collectors;

/**
 * How VSP asks TensorRT to build a plan, apart from the model and the GPU: the workspace limit, the
 * builder optimization level, the optimization profiles (one per execution slot when the batch is open,
 * none when the export fixed it) and {@link #VERSION}, bumped whenever the build code changes what it
 * produces. Part of the {@link EngineCacheKey}: a change of any of them is a different engine.
 *
 * @param profiles optimization profiles built into the plan; 0 when the export fixed every dimension
 * @param profileShape the input shape every profile pins (min = opt = max), e.g. {@code [8,3,640,640]}
 */
public record BuildRecipe(long workspaceBytes, int optimizationLevel, int profiles, long[] profileShape) {
  /** Bump when {@link EngineBuild} changes how it builds, so plans of the old recipe are not reused. */
  public static final int VERSION = 2;
  /** TensorRT's own default builder optimization level (0..5), set explicitly so the key states it. */
  public static final int OPTIMIZATION_LEVEL = 3;

  public BuildRecipe {
    if (workspaceBytes < 1) {
      throw new IllegalArgumentException("workspaceBytes must be more than 0 (got " + workspaceBytes + ")");
    }
    if (optimizationLevel < 0 || optimizationLevel > 5) {
      throw new IllegalArgumentException("optimizationLevel must be 0..5 (got " + optimizationLevel + ")");
    }
    if (profiles < 0) {
      throw new IllegalArgumentException("profiles must be 0 or more (got " + profiles + ")");
    }
    profileShape = profileShape.clone();
  }

  /** The recipe for a model as {@link ProfilePlan} lays out its profiles. */
  public static BuildRecipe of(long workspaceBytes, ProfilePlan profiles) {
    return new BuildRecipe(workspaceBytes, OPTIMIZATION_LEVEL, profiles.profiles(), profiles.inputShape());
  }

  @Override
  public long[] profileShape() {
    return profileShape.clone();
  }

  /** Every field, readable, e.g. {@code v2 ws=2147483648 opt=3 profiles=2x[8,3,640,640]}. */
  public String describe() {
    String shape = Arrays.stream(profileShape).mapToObj(Long::toString).collect(Collectors.joining(",", "[", "]"));
    return "v" + VERSION + " ws=" + workspaceBytes + " opt=" + optimizationLevel + " profiles=" + profiles + "x"
        + shape;
  }

  /** First 12 hex digits of the SHA-256 of {@link #describe()}: short enough for a file name. */
  public String digest() {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(describe().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BuildRecipe that && describe().equals(that.describe());
  }

  @Override
  public int hashCode() {
    return describe().hashCode();
  }

  @Override
  public String toString() {
    return describe();
  }
}
