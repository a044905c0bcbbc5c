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
   * Learns the parameter sets carried in {@code au} and, for a keyframe without an SPS, returns a copy
   * with the known parameter sets inserted (after an access unit delimiter, if any); otherwise returns
   * {@code au} itself.
   */
  public byte[] complete(byte[] au, boolean keyframe) {
    List<AnnexB.Nal> nals = AnnexB.split(au);
    boolean hasSps = false;
    for (AnnexB.Nal nal : nals) {
      int type = codec.nalType(nal.header(au));
      if (codec.isParameterSet(type)) {
        latest.put(type, AnnexB.copy(au, nal));
        hasSps |= type == codec.spsType();
      }
    }
    if (!keyframe || hasSps || latest.isEmpty()) {
      return au;
    }
    List<byte[]> out = new ArrayList<>(nals.size() + latest.size());
    int i = 0;
    if (!nals.isEmpty() && codec.isDelimiter(codec.nalType(nals.get(0).header(au)))) {
      out.add(AnnexB.copy(au, nals.get(0)));
      i = 1;
    }
    for (int type : sortedTypes()) {
      out.add(latest.get(type));
    }
    for (; i < nals.size(); i++) {
      AnnexB.Nal nal = nals.get(i);
      if (!codec.isParameterSet(codec.nalType(nal.header(au)))) {
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
