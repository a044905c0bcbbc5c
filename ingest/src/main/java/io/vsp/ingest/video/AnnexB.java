package io.vsp.ingest.video;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Annex-B byte stream helpers: splitting into NAL units, converting length-prefixed (MP4 style) data,
 * and reading parameter sets out of decoder configuration records (avcC, hvcC).
 */
public final class AnnexB {
  private static final byte[] START_CODE = {0, 0, 0, 1};

  /** A NAL unit's payload inside a buffer, start code excluded. */
  public record Nal(int offset, int length) {
    public byte header(byte[] data) {
      return data[offset];
    }
  }

  private AnnexB() {}

  /** True when {@code data} starts with a 3- or 4-byte start code. */
  public static boolean isAnnexB(byte[] data) {
    return data.length >= 4 && data[0] == 0 && data[1] == 0
        && (data[2] == 1 || (data[2] == 0 && data[3] == 1));
  }

  /** The NAL units of an Annex-B buffer, trailing zero bytes stripped. */
  public static List<Nal> split(byte[] data) {
    List<Nal> nals = new ArrayList<>();
    int prefix = findPrefix(data, 0);
    while (prefix < data.length) {
      int start = prefix + 3;
      int next = findPrefix(data, start);
      int end = next;
      while (end > start && data[end - 1] == 0) {
        end--;
      }
      if (end > start) {
        nals.add(new Nal(start, end - start));
      }
      prefix = next;
    }
    return nals;
  }

  /** Rewrites length-prefixed NAL units ({@code lengthSize} bytes, big endian) as Annex-B. */
  public static byte[] fromLengthPrefixed(byte[] data, int lengthSize) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 16);
    int pos = 0;
    while (pos + lengthSize <= data.length) {
      int len = 0;
      for (int i = 0; i < lengthSize; i++) {
        len = (len << 8) | (data[pos + i] & 0xFF);
      }
      pos += lengthSize;
      if (len <= 0 || pos + len > data.length) {
        throw new IllegalArgumentException("NAL length " + len + " runs past the packet end ("
            + data.length + " bytes)");
      }
      out.write(START_CODE, 0, 4);
      out.write(data, pos, len);
      pos += len;
    }
    return out.toByteArray();
  }

  /** Joins NAL unit payloads into one Annex-B buffer with 4-byte start codes. */
  public static byte[] join(List<byte[]> nals) {
    int size = 0;
    for (byte[] nal : nals) {
      size += 4 + nal.length;
    }
    byte[] out = new byte[size];
    int pos = 0;
    for (byte[] nal : nals) {
      System.arraycopy(START_CODE, 0, out, pos, 4);
      System.arraycopy(nal, 0, out, pos + 4, nal.length);
      pos += 4 + nal.length;
    }
    return out;
  }

  /**
   * The NAL length field size of a length-prefixed stream, from its avcC/hvcC record, or 0 when the
   * extradata is already Annex-B (RTSP streams: FFmpeg builds it from the SDP) or absent.
   */
  public static int lengthSize(Codec codec, byte[] extradata) {
    if (extradata == null || extradata.length < 7 || extradata[0] != 1) {
      return 0;
    }
    int byteIndex = codec == Codec.H264 ? 4 : 21;
    if (extradata.length <= byteIndex) {
      return 0;
    }
    return (extradata[byteIndex] & 0x03) + 1;
  }

  /** The parameter set NAL units (payloads) held in extradata, Annex-B or avcC/hvcC. */
  public static List<byte[]> parameterSets(Codec codec, byte[] extradata) {
    List<byte[]> sets = new ArrayList<>();
    if (extradata == null || extradata.length == 0) {
      return sets;
    }
    if (isAnnexB(extradata)) {
      for (Nal nal : split(extradata)) {
        if (codec.isParameterSet(codec.nalType(nal.header(extradata)))) {
          sets.add(copy(extradata, nal));
        }
      }
      return sets;
    }
    if (extradata[0] != 1) {
      throw new IllegalArgumentException("extradata is neither Annex-B nor a configuration record");
    }
    return codec == Codec.H264 ? fromAvcC(extradata) : fromHvcC(extradata);
  }

  public static byte[] copy(byte[] data, Nal nal) {
    byte[] out = new byte[nal.length()];
    System.arraycopy(data, nal.offset(), out, 0, nal.length());
    return out;
  }

  private static List<byte[]> fromAvcC(byte[] d) {
    List<byte[]> sets = new ArrayList<>();
    int pos = 5;
    int numSps = d[pos++] & 0x1F;
    pos = readSets(d, pos, numSps, sets);
    int numPps = d[pos++] & 0xFF;
    readSets(d, pos, numPps, sets);
    return sets;
  }

  private static List<byte[]> fromHvcC(byte[] d) {
    List<byte[]> sets = new ArrayList<>();
    int pos = 22;
    int arrays = d[pos++] & 0xFF;
    for (int a = 0; a < arrays; a++) {
      pos++; // array_completeness, reserved, NAL_unit_type
      int count = ((d[pos] & 0xFF) << 8) | (d[pos + 1] & 0xFF);
      pos = readSets(d, pos + 2, count, sets);
    }
    return sets;
  }

  private static int readSets(byte[] d, int pos, int count, List<byte[]> out) {
    for (int i = 0; i < count; i++) {
      int len = ((d[pos] & 0xFF) << 8) | (d[pos + 1] & 0xFF);
      pos += 2;
      byte[] nal = new byte[len];
      System.arraycopy(d, pos, nal, 0, len);
      out.add(nal);
      pos += len;
    }
    return pos;
  }

  /** Index of the next 00 00 01 at or after {@code from}, or {@code data.length}. */
  private static int findPrefix(byte[] data, int from) {
    for (int i = from; i + 2 < data.length; i++) {
      if ((data[i + 2] & 0xFF) > 1) {
        i += 2; // neither this nor the next two positions can start a prefix
      } else if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1) {
        return i;
      }
    }
    return data.length;
  }
}
