package io.vsp.detector.postprocess;

import java.nio.FloatBuffer;

/**
 * Tells the column order of a flat NMS table: super-gradients writes {@code image, x1, y1, x2, y2,
 * score, class}, an older version {@code ..., class, score} (NOTES, YOLO-NAS exports). Class ids are
 * whole numbers and scores mostly are not, which settles it.
 */
final class FlatColumns {
  private FlatColumns() {}

  /** True when column 5 holds whole numbers in every row while column 6 does not. */
  static boolean classBeforeScore(FloatBuffer table, int rows) {
    boolean col5Whole = true;
    boolean col6Whole = true;
    for (int r = 0; r < rows; r++) {
      col5Whole &= isWhole(table.get(r * 7 + 5));
      col6Whole &= isWhole(table.get(r * 7 + 6));
    }
    return rows > 0 && col5Whole && !col6Whole;
  }

  private static boolean isWhole(float value) {
    return value == Math.rint(value);
  }
}
