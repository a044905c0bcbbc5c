package io.vsp.ingest.video;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Cuts the stream of demuxer packets into access units, one coded picture each. FFmpeg's RTP
 * depacketizer does not return one picture per packet: parameter sets may come alone, a picture may
 * span several packets (one per slice), a packet may end with the next picture's delimiter and SPS, and
 * a session's first packet may lack a pts. So the cut is made between NAL units, where the codec puts
 * it (H.264 7.4.1.2.3, H.265 7.4.2.4.4): before the first delimiter, parameter set or prefix SEI that
 * follows a picture's slices, or before a slice that starts a new picture. Costs one frame of latency.
 *
 * <p>A unit is held in memory until it is cut, so its size is capped: a unit (or a run of NAL units
 * without a picture, as garbage gives) that grows past {@code maxUnitBytes} is reported once, its bytes
 * are let go, and the rest of it is skipped up to the next cut; the units after it are skipped up to the
 * next keyframe, as they refer to the dropped one and would only decode as garbage.
 */
public final class AccessUnitAssembler {
  /** Marks a missing timestamp (callers map FFmpeg's AV_NOPTS_VALUE to it). */
  public static final long NO_TS = Long.MIN_VALUE;
  private static final byte[] START_CODE = {0, 0, 0, 1};

  /** One access unit: Annex-B bytes (4-byte start codes), timestamps in µs. */
  public record AccessUnit(byte[] data, long ptsUs, long dtsUs, boolean keyframe) {}

  private final Codec codec;
  private final long frameDurationUs;
  private final int maxUnitBytes;
  private final LongConsumer tooLarge;
  private final List<AccessUnit> done = new ArrayList<>(2);
  private ByteArrayOutputStream unit = new ByteArrayOutputStream(64 * 1024);
  private boolean hasPicture;
  private long pts = NO_TS;
  private long dts = NO_TS;
  private boolean key;
  private long lastPts = NO_TS;
  /** The unit being assembled grew past the cap: it is skipped up to the next cut. */
  private boolean oversized;
  /** A unit was dropped: the units after it are skipped until a keyframe. */
  private boolean awaitingKeyframe;

  /**
   * @param frameDurationUs used to date a picture that came without a timestamp
   * @param maxUnitBytes the largest access unit kept (Annex-B bytes)
   * @param tooLarge told, once per dropped unit, the size it had reached when it was dropped
   */
  public AccessUnitAssembler(Codec codec, long frameDurationUs, int maxUnitBytes, LongConsumer tooLarge) {
    this.codec = codec;
    this.frameDurationUs = frameDurationUs;
    this.maxUnitBytes = maxUnitBytes;
    this.tooLarge = tooLarge;
  }

  /**
   * Adds a packet (Annex-B); returns the access units it completed, oldest first (usually none or one).
   * The list is reused by the next call.
   */
  public List<AccessUnit> push(byte[] data, long ptsUs, long dtsUs, boolean keyframe) {
    done.clear();
    for (AnnexB.Nal nal : AnnexB.split(data)) {
      int type = codec.nalType(nal.header(data));
      boolean picture = codec.isPicture(type);
      boolean firstSlice = picture && startsPicture(data, nal);
      if ((hasPicture || oversized) && (firstSlice || (!picture && codec.startsAccessUnit(type)))) {
        if (oversized) {
          reset();
        } else {
          AccessUnit au = complete(ptsUs);
          if (au != null) {
            done.add(au);
          }
        }
      }
      if (picture && !hasPicture) {
        hasPicture = true;
        pts = ptsUs; // the picture's first slice dates the unit
        dts = dtsUs;
        key = keyframe;
      }
      key |= codec.isRandomAccess(type);
      if (!oversized && unit.size() + 4L + nal.length() > maxUnitBytes) {
        drop(unit.size() + 4L + nal.length());
      }
      if (!oversized) {
        unit.write(START_CODE, 0, 4);
        unit.write(data, nal.offset(), nal.length());
      }
    }
    return done;
  }

  /**
   * Drops the unit being assembled because the caller skipped a packet of {@code bytes} that belonged
   * to it (one too large to copy); assembly resumes at the next cut.
   */
  public void skip(long bytes) {
    if (!oversized) {
      drop(unit.size() + bytes);
    }
  }

  /**
   * Returns the access unit being assembled (end of session), if it holds a whole picture that does not
   * wait for a keyframe.
   */
  public AccessUnit flush() {
    if (oversized) {
      reset();
      return null;
    }
    return hasPicture ? complete(NO_TS) : null;
  }

  private void drop(long bytes) {
    oversized = true;
    awaitingKeyframe = true;
    unit = new ByteArrayOutputStream(64 * 1024); // let the bytes go now, not at the next cut
    tooLarge.accept(bytes);
  }

  private AccessUnit complete(long nextPts) {
    long p = pts;
    if (p == NO_TS) {
      p = lastPts != NO_TS ? lastPts + frameDurationUs : nextPts != NO_TS ? nextPts - frameDurationUs : 0;
    }
    lastPts = p;
    if (awaitingKeyframe && !key) {
      unit.reset();
      reset();
      return null;
    }
    awaitingKeyframe = false;
    AccessUnit au = new AccessUnit(unit.toByteArray(), p, dts == NO_TS ? p : dts, key);
    unit = new ByteArrayOutputStream(Math.max(64 * 1024, au.data().length + 1024));
    reset();
    return au;
  }

  /** Starts the next unit; a dropped unit's timestamp still dates an undated picture after it. */
  private void reset() {
    if (oversized) {
      unit.reset();
      lastPts = pts != NO_TS ? pts : lastPts;
      oversized = false;
    }
    hasPicture = false;
    pts = NO_TS;
    dts = NO_TS;
    key = false;
  }

  /** first_mb_in_slice == 0 (H.264) or first_slice_segment_in_pic_flag (H.265): the top bit after the header. */
  private boolean startsPicture(byte[] data, AnnexB.Nal nal) {
    int flag = nal.offset() + codec.headerLength();
    return flag < nal.offset() + nal.length() && (data[flag] & 0x80) != 0;
  }
}
