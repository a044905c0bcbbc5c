package io.vsp.ingest.video;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The latest parameter sets of one stream (from the extradata, then in-band), put in front of keyframes
 * that lack them so that every keyframe record starts a decodable sequence (SPEC §5).
 *
 * <p>Only sets of at most {@link #MAX_SET_BYTES} are remembered, one per NAL type, so what is kept and
 * what is added to a keyframe stays small whatever the camera sends.
 */
public final class ParameterSets {
  /**
   * Largest parameter set remembered. Real ones are tens to hundreds of bytes (an H.265 SPS with scaling
   * lists and VUI stays within a few KiB); a larger one is garbage, passed on in its own unit but never
   * put in front of another.
   */
  public static final int MAX_SET_BYTES = 16 * 1024;

  /** The most {@link #complete} adds to a unit: one set of each type (VPS, SPS, PPS), with start codes. */
  public static final int MAX_ADDED_BYTES = 3 * (4 + MAX_SET_BYTES);

  private final Codec codec;
  private final Map<Integer, byte[]> latest = new LinkedHashMap<>(); // NAL type -> payload

  public ParameterSets(Codec codec, List<byte[]> initial) {
    this.codec = codec;
    for (byte[] nal : initial) {
      if (nal.length <= MAX_SET_BYTES) {
        latest.put(codec.nalType(nal[0]), nal);
      }
    }
  }

  public boolean isEmpty() {
    return latest.isEmpty();
  }

  /**
   * Learns the parameter sets carried in {@code au}; for a keyframe returns it in canonical order: the
   * access unit delimiter (if any), one of each parameter set (this unit's own, else the last known),
   * then its other NAL units. Streams put parameter sets in odd places (doubled by the RTP payloader,
   * after an SEI, or only in the SDP); a keyframe record must decode on its own. Other units are
   * returned as they are.
   */
  public byte[] complete(byte[] au, boolean keyframe) {
    List<AnnexB.Nal> nals = AnnexB.split(au);
    Map<Integer, byte[]> sets = new TreeMap<>(latest); // VPS before SPS before PPS: their types sort so
    for (AnnexB.Nal nal : nals) {
      int type = codec.nalType(nal.header(au));
      if (codec.isParameterSet(type)) {
        byte[] set = AnnexB.copy(au, nal);
        sets.put(type, set);
        if (set.length <= MAX_SET_BYTES) {
          latest.put(type, set);
        }
      }
    }
    if (!keyframe || sets.isEmpty()) {
      return au;
    }
    List<byte[]> out = new ArrayList<>(nals.size() + latest.size());
    int first = 0;
    if (!nals.isEmpty() && codec.isDelimiter(codec.nalType(nals.get(0).header(au)))) {
      out.add(AnnexB.copy(au, nals.get(0)));
      first = 1;
    }
    out.addAll(sets.values());
    for (int i = first; i < nals.size(); i++) {
      AnnexB.Nal nal = nals.get(i);
      int type = codec.nalType(nal.header(au));
      if (!codec.isParameterSet(type) && !codec.isDelimiter(type)) {
        out.add(AnnexB.copy(au, nal));
      }
    }
    return AnnexB.join(out);
  }
}
