package io.vsp.ingest.video;

import java.io.ByteArrayOutputStream;

/**
 * Joins demuxer packets into access units, one coded picture each. FFmpeg's RTP depacketizer does not
 * always return one picture per packet: parameter sets and SEI may come in a packet of their own, a
 * picture may be split into one packet per slice, and the first packet of a session may lack a pts. So
 * the boundary is found the way the codec defines it: a slice that starts a picture (first_mb_in_slice
 * = 0, or first_slice_segment_in_pic_flag) begins a new access unit, and non-picture NAL units before it
 * belong to it. Costs one frame of latency: a unit is complete when the next picture starts.
 */
public final class AccessUnitAssembler {
  /** Marks a missing timestamp (callers map FFmpeg's AV_NOPTS_VALUE to it). */
  public static final long NO_TS = Long.MIN_VALUE;

  /** One access unit: Annex-B bytes, timestamps in µs. */
  public record AccessUnit(byte[] data, long ptsUs, long dtsUs, boolean keyframe) {}

  private final Codec codec;
  private final long frameDurationUs;
  private ByteArrayOutputStream pending;
  private boolean pendingHasPicture;
  private long pts = NO_TS;
  private long dts = NO_TS;
  private boolean key;
  private long lastPts = NO_TS;

  /** @param frameDurationUs used to date a picture that came without a timestamp */
  public AccessUnitAssembler(Codec codec, long frameDurationUs) {
    this.codec = codec;
    this.frameDurationUs = frameDurationUs;
  }

  /** Adds a packet (Annex-B); returns the access unit it completed, or null. */
  public AccessUnit push(byte[] data, long ptsUs, long dtsUs, boolean keyframe) {
    PacketKind kind = classify(data);
    AccessUnit done = null;
    if (pending != null && pendingHasPicture && kind != PacketKind.SLICES) {
      // a new picture, or the parameter sets / SEI that precede one: the pending unit is complete
      done = complete(ptsUs);
    }
    if (pending == null) {
      pending = new ByteArrayOutputStream(Math.max(data.length, 1024));
    }
    pending.writeBytes(data);
    if (kind == PacketKind.PICTURE_START || (kind == PacketKind.SLICES && !pendingHasPicture)) {
      pendingHasPicture = true;
    }
    if (kind != PacketKind.PREFIX_ONLY && pts == NO_TS) {
      pts = ptsUs;
      dts = dtsUs;
    }
    key |= keyframe && kind != PacketKind.PREFIX_ONLY;
    return done;
  }

  /** Returns the access unit being assembled (end of session), if it holds a picture. */
  public AccessUnit flush() {
    return pending != null && pendingHasPicture ? complete(NO_TS) : null;
  }

  private AccessUnit complete(long nextPts) {
    long p = pts;
    if (p == NO_TS) {
      p = nextPts != NO_TS ? nextPts - frameDurationUs
          : lastPts != NO_TS ? lastPts + frameDurationUs : 0;
    }
    long d = dts == NO_TS ? p : dts;
    byte[] data = pending.toByteArray();
    AccessUnit au = new AccessUnit(data, p, d, key || containsRandomAccess(data));
    lastPts = p;
    pending = null;
    pendingHasPicture = false;
    pts = NO_TS;
    dts = NO_TS;
    key = false;
    return au;
  }

  private enum PacketKind { PREFIX_ONLY, PICTURE_START, SLICES }

  /** Whether a packet starts a picture, continues one (more slices), or only holds non-picture NALs. */
  private PacketKind classify(byte[] data) {
    boolean slices = false;
    for (AnnexB.Nal nal : AnnexB.split(data)) {
      int type = codec.nalType(nal.header(data));
      if (!codec.isPicture(type)) {
        continue;
      }
      int flagIndex = nal.offset() + codec.headerLength();
      if (flagIndex < nal.offset() + nal.length() && (data[flagIndex] & 0x80) != 0) {
        return PacketKind.PICTURE_START;
      }
      slices = true;
    }
    return slices ? PacketKind.SLICES : PacketKind.PREFIX_ONLY;
  }

  private boolean containsRandomAccess(byte[] data) {
    for (AnnexB.Nal nal : AnnexB.split(data)) {
      if (codec.isRandomAccess(codec.nalType(nal.header(data)))) {
        return true;
      }
    }
    return false;
  }
}
