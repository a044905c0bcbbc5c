package io.vsp.common.wire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Class names by class id: the 80 COCO names built in ({@code labels: coco}), or a file with one name
 * per line. An id without a name (a model with more classes than names) reads {@code class_<id>}.
 */
public final class Labels {
  // The COCO 2017 detection classes in the order YOLO-NAS (and every COCO-trained detector) indexes them.
  private static final List<String> COCO = List.of(
      "person", "bicycle", "car", "motorcycle", "airplane", "bus", "train", "truck", "boat", "traffic light",
      "fire hydrant", "stop sign", "parking meter", "bench", "bird", "cat", "dog", "horse", "sheep", "cow",
      "elephant", "bear", "zebra", "giraffe", "backpack", "umbrella", "handbag", "tie", "suitcase", "frisbee",
      "skis", "snowboard", "sports ball", "kite", "baseball bat", "baseball glove", "skateboard", "surfboard",
      "tennis racket", "bottle", "wine glass", "cup", "fork", "knife", "spoon", "bowl", "banana", "apple",
      "sandwich", "orange", "broccoli", "carrot", "hot dog", "pizza", "donut", "cake", "chair", "couch",
      "potted plant", "bed", "dining table", "toilet", "tv", "laptop", "mouse", "remote", "keyboard",
      "cell phone", "microwave", "oven", "toaster", "sink", "refrigerator", "book", "clock", "vase", "scissors",
      "teddy bear", "hair drier", "toothbrush");

  private final List<String> names;

  private Labels(List<String> names) {
    this.names = List.copyOf(names);
  }

  /** The 80 COCO class names. */
  public static Labels coco() {
    return new Labels(COCO);
  }

  /**
   * Names from a UTF-8 file, one per line, surrounding blanks trimmed; trailing empty lines are ignored,
   * an empty line inside the list is an error (it would shift every later id).
   */
  public static Labels fromFile(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip).toList();
    int end = lines.size();
    while (end > 0 && lines.get(end - 1).isEmpty()) {
      end--;
    }
    List<String> names = lines.subList(0, end);
    int blank = names.indexOf("");
    if (names.isEmpty() || blank >= 0) {
      throw new IOException("labels file " + file + (names.isEmpty() ? " has no names"
          : " has an empty line " + (blank + 1) + ": every line must name a class"));
    }
    return new Labels(names);
  }

  /** The labels a {@code detector.labels} setting names: {@code coco}, else a file path. */
  public static Labels forSetting(String setting) throws IOException {
    return setting.equals("coco") ? coco() : fromFile(Path.of(setting));
  }

  /** The name of {@code classId}, or {@code class_<id>} when there is none. */
  public String name(int classId) {
    return classId >= 0 && classId < names.size() ? names.get(classId) : "class_" + classId;
  }

  /** Whether {@code label} is one of the names (a {@code class_<id>} stand-in is not). */
  public boolean contains(String label) {
    return names.contains(label);
  }

  public int size() {
    return names.size();
  }
}
