package io.vsp.ingest.video;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest parameter sets of one stream (from the extradata, then in-band), put in front of keyframes
 * that lack them so that every keyframe record starts a decodable sequence (SPEC §5).
 */
public final class ParameterSets {
  private final Codec codec;
  private final Map<Integer, byte[]> latest = new LinkedHashMap<>(); // NAL type -> payload

  public ParameterSets(Codec codec, List<byte[]> initial) {
    this.codec = codec;
    for (byte[] nal : initial) {
      latest.put(codec.nalType(nal[0]), nal);
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
    for (AnnexB.Nal nal : nals) {
      int type = codec.nalType(nal.header(au));
      if (codec.isParameterSet(type)) {
        latest.put(type, AnnexB.copy(au, nal));
      }
    }
    if (!keyframe || latest.isEmpty()) {
      return au;
    }
    List<byte[]> out = new ArrayList<>(nals.size() + latest.size());
    int first = 0;
    if (!nals.isEmpty() && codec.isDelimiter(codec.nalType(nals.get(0).header(au)))) {
      out.add(AnnexB.copy(au, nals.get(0)));
      first = 1;
    }
    for (int type : sortedTypes()) {
      out.add(latest.get(type));
    }
    for (int i = first; i < nals.size(); i++) {
      AnnexB.Nal nal = nals.get(i);
      int type = codec.nalType(nal.header(au));
      if (!codec.isParameterSet(type) && !codec.isDelimiter(type)) {
        out.add(AnnexB.copy(au, nal));
      }
    }
    return AnnexB.join(out);
  }

  /** VPS before SPS before PPS: their type numbers already sort that way in both codecs. */
  private List<Integer> sortedTypes() {
    List<Integer> types = new ArrayList<>(latest.keySet());
    types.sort(null);
    return types;
  }
}
