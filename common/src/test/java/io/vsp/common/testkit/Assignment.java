package io.vsp.common.testkit;

import java.util.Arrays;

/**
 * Minimum-cost assignment of rows to columns (the Hungarian method, with row and column potentials, O(n²·m)):
 * the test kit's MOT scorer pairs ground truth with predictions through it. Rows and columns may differ in
 * number; every row of the smaller side gets a column of the other.
 */
final class Assignment {
  private Assignment() {}

  /**
   * For each row of {@code cost} (rows × columns, finite numbers), the column assigned to it, or -1 when there
   * are more rows than columns and it got none; the sum of the assigned costs is the least possible.
   */
  static int[] minCost(double[][] cost) {
    int rows = cost.length;
    int cols = rows == 0 ? 0 : cost[0].length;
    if (rows == 0 || cols == 0) {
      int[] none = new int[rows];
      Arrays.fill(none, -1);
      return none;
    }
    if (rows > cols) { // the method wants rows <= columns: solve the transpose and turn its answer round
      int[] rowOfCol = minCost(transpose(cost));
      int[] colOfRow = new int[rows];
      Arrays.fill(colOfRow, -1);
      for (int c = 0; c < cols; c++) {
        colOfRow[rowOfCol[c]] = c;
      }
      return colOfRow;
    }
    // 1-based arrays; column 0 is the virtual start of each augmenting path
    double[] u = new double[rows + 1];
    double[] v = new double[cols + 1];
    int[] rowOf = new int[cols + 1]; // the row holding column j, 0 = free
    int[] way = new int[cols + 1];
    for (int i = 1; i <= rows; i++) {
      rowOf[0] = i;
      int j0 = 0;
      double[] minv = new double[cols + 1];
      Arrays.fill(minv, Double.POSITIVE_INFINITY);
      boolean[] used = new boolean[cols + 1];
      do {
        used[j0] = true;
        int i0 = rowOf[j0];
        double delta = Double.POSITIVE_INFINITY;
        int j1 = -1;
        for (int j = 1; j <= cols; j++) {
          if (!used[j]) {
            double reduced = cost[i0 - 1][j - 1] - u[i0] - v[j];
            if (reduced < minv[j]) {
              minv[j] = reduced;
              way[j] = j0;
            }
            if (minv[j] < delta) {
              delta = minv[j];
              j1 = j;
            }
          }
        }
        for (int j = 0; j <= cols; j++) {
          if (used[j]) {
            u[rowOf[j]] += delta;
            v[j] -= delta;
          } else {
            minv[j] -= delta;
          }
        }
        j0 = j1;
      } while (rowOf[j0] != 0);
      do { // flip the augmenting path back to its start
        int j1 = way[j0];
        rowOf[j0] = rowOf[j1];
        j0 = j1;
      } while (j0 != 0);
    }
    int[] colOfRow = new int[rows];
    Arrays.fill(colOfRow, -1);
    for (int j = 1; j <= cols; j++) {
      if (rowOf[j] != 0) {
        colOfRow[rowOf[j] - 1] = j - 1;
      }
    }
    return colOfRow;
  }

  private static double[][] transpose(double[][] m) {
    double[][] t = new double[m[0].length][m.length];
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m[0].length; j++) {
        t[j][i] = m[i][j];
      }
    }
    return t;
  }
}
