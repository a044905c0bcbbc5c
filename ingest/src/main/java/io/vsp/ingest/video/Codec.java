package io.vsp.ingest.video;

/** The video codecs VSP records, with the NAL unit facts the Annex-B handling needs. */
public enum Codec {
  H264("h264"),
  HEVC("hevc");

  private final String wireName;

  Codec(String wireName) {
    this.wireName = wireName;
  }

  /** The value of the {@code vsp.codec} header. */
  public String wireName() {
    return wireName;
  }

  /** The NAL unit type from the first byte(s) of a NAL unit (after the start code). */
  public int nalType(byte header) {
    return this == H264 ? header & 0x1F : (header >> 1) & 0x3F;
  }

  /** SPS/PPS (H.264), VPS/SPS/PPS (H.265). */
  public boolean isParameterSet(int type) {
    return this == H264 ? type == 7 || type == 8 : type >= 32 && type <= 34;
  }

  /** The type of the sequence parameter set, which a decodable keyframe record must carry. */
  public int spsType() {
    return this == H264 ? 7 : 33;
  }

  /** Access unit delimiter, which must stay the first NAL unit of an access unit. */
  public boolean isDelimiter(int type) {
    return this == H264 ? type == 9 : type == 35;
  }

  /** A slice of a coded picture (VCL NAL unit). */
  public boolean isPicture(int type) {
    return this == H264 ? type >= 1 && type <= 5 : type <= 31;
  }

  /**
   * Bytes of NAL unit header; the bit after it is first_mb_in_slice == 0 (H.264, as the first bit of its
   * ue(v) code) or first_slice_segment_in_pic_flag (H.265): set on a picture's first slice.
   */
  public int headerLength() {
    return this == H264 ? 1 : 2;
  }

  /**
   * Non-picture NAL units that open an access unit when they follow a picture's slices: delimiter,
   * parameter sets, prefix SEI and reserved types (H.264 7.4.1.2.3; H.265 7.4.2.4.4). Suffix SEI and
   * end-of-sequence units stay with the picture before them.
   */
  public boolean startsAccessUnit(int type) {
    return this == H264
        ? type == 6 || type == 7 || type == 8 || type == 9 || (type >= 14 && type <= 18)
        : (type >= 32 && type <= 35) || type == 39 || (type >= 41 && type <= 44) || (type >= 48 && type <= 55);
  }

  /** IDR (H.264), IRAP (H.265: BLA, IDR, CRA). */
  public boolean isRandomAccess(int type) {
    return this == H264 ? type == 5 : type >= 16 && type <= 23;
  }
}
