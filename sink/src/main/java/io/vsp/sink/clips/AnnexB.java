package io.vsp.sink.clips;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the NAL units of an Annex-B access unit: enough to tell a plausible unit from garbage before it
 * reaches the decoder, and to take the parameter sets of a keyframe for an MP4 header. Pure functions.
 */
final class AnnexB {
  private AnnexB() {}

  /** Offsets {start, end} of each NAL unit's payload (after its start code) in {@code data}. */
  static List<int[]> units(byte[] data) {
    List<int[]> out = new ArrayList<>();
    int start = -1;
    int i = 0;
    while (i + 2 < data.length) {
      if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1) {
        if (start >= 0) {
          int end = i;
          while (end > start && data[end - 1] == 0) {
            end--; // a 4-byte start code's leading zero (and trailing zeros) belong to no unit
          }
          out.add(new int[] {start, end});
        }
        start = i + 3;
        i += 3;
      } else {
        i++;
      }
    }
    if (start >= 0 && start < data.length) {
      out.add(new int[] {start, data.length});
    }
    return out;
  }

  /** The NAL unit type of the unit starting at {@code offset}. */
  static int type(byte[] data, int offset, String codec) {
    return VideoUnit.HEVC.equals(codec) ? (data[offset] >> 1) & 0x3f : data[offset] & 0x1f;
  }

  /**
   * Whether {@code data} looks like an access unit: starts with a start code, every NAL header has its
   * forbidden bit clear, and at least one unit carries picture data (a slice).
   */
  static boolean plausible(byte[] data, String codec) {
    if (data.length < 4 || data[0] != 0 || data[1] != 0 || (data[2] != 1 && (data[2] != 0 || data[3] != 1))) {
      return false;
    }
    boolean slice = false;
    for (int[] u : units(data)) {
      if (u[1] <= u[0] || (data[u[0]] & 0x80) != 0) {
        return false;
      }
      int type = type(data, u[0], codec);
      slice |= VideoUnit.HEVC.equals(codec) ? type <= 31 : type >= 1 && type <= 5;
    }
    return slice;
  }

  /** The parameter sets (H.264 SPS, PPS; H.265 VPS, SPS, PPS) of a keyframe, Annex-B, in order; empty if none. */
  static byte[] parameterSets(byte[] data, String codec) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int[] u : units(data)) {
      int type = type(data, u[0], codec);
      boolean ps = VideoUnit.HEVC.equals(codec) ? type >= 32 && type <= 34 : type == 7 || type == 8;
      if (ps) {
        out.write(0);
        out.write(0);
        out.write(0);
        out.write(1);
        out.write(data, u[0], u[1] - u[0]);
      }
    }
    return out.toByteArray();
  }
}
