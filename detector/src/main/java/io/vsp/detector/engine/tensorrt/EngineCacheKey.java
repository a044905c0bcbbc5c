package io.vsp.detector.engine.tensorrt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * What a built TensorRT engine depends on (SPEC §8): the exact model bytes, the GPU model and compute
 * capability, the TensorRT version and build number; the batch, which an export with an open batch
 * dimension leaves to the build; and the {@link BuildRecipe} (workspace, optimization level, profiles,
 * recipe version). Pure host logic: no TensorRT or CUDA classes.
 *
 * @param computeCapability e.g. {@code 8.9}
 * @param tensorRtVersion e.g. {@code 11.2.1}
 * @param tensorRtBuild TensorRT's build number ({@code getInferLibBuildVersion}): two builds of one version
 *     may make different plans
 */
public record EngineCacheKey(String modelName, String modelSha256, String gpuName, String computeCapability,
    String tensorRtVersion, int tensorRtBuild, int batch, BuildRecipe recipe) {

  public EngineCacheKey {
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(gpuName, "gpuName");
    Objects.requireNonNull(computeCapability, "computeCapability");
    Objects.requireNonNull(tensorRtVersion, "tensorRtVersion");
    Objects.requireNonNull(recipe, "recipe");
    if (modelSha256 == null || !modelSha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("modelSha256 must be 64 lower-case hex digits (got " + modelSha256 + ")");
    }
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be at least 1 (got " + batch + ")");
    }
  }

  /**
   * The plan's file name, every key part in it (the recipe as its digest), e.g.
   * {@code yolo_nas_s-<sha256>-nvidia-geforce-rtx-4090-sm8.9-trt11.2.1.5-b8-r<digest>.engine}.
   */
  public String fileName() {
    return slug(modelName) + "-" + modelSha256 + "-" + slug(gpuName) + "-sm" + computeCapability + "-trt"
        + tensorRtVersion + "." + tensorRtBuild + "-b" + batch + "-r" + recipe.digest() + ".engine";
  }

  /** TensorRT's encoded version ({@code major*10000 + minor*100 + patch}, TensorRT 10 on) as text. */
  public static String tensorRtVersion(int encoded) {
    return encoded / 10000 + "." + encoded / 100 % 100 + "." + encoded % 100;
  }

  /** Lower-case hex SHA-256 of a file's bytes. */
  public static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] chunk = new byte[1 << 16];
      for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
        digest.update(chunk, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** Lower case, runs of anything but letters, digits, {@code .} and {@code _} become one {@code -}. */
  static String slug(String text) {
    String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._]+", "-").replaceAll("^-+|-+$", "");
    return slug.isEmpty() ? "unnamed" : slug;
  }
}
