package io.vsp.ingest.video;

import static io.vsp.ingest.video.AccessUnitAssembler.NO_TS;
import static io.vsp.ingest.video.AnnexBTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessUnitAssemblerTest {
  // H.264 NAL units with 4-byte start codes: 0x09 AUD, 0x67 SPS, 0x68 PPS, 0x06 SEI, 0x65 IDR slice,
  // 0x41 non-IDR slice; the byte after a slice header has its top bit set when first_mb_in_slice == 0
  static final byte[] AUD = bytes(0, 0, 0, 1, 0x09, 0xF0);
  static final byte[] SPS = bytes(0, 0, 0, 1, 0x67, 0x42);
  static final byte[] PPS = bytes(0, 0, 0, 1, 0x68, 0xCE);
  static final byte[] IDR = bytes(0, 0, 0, 1, 0x65, 0x88, 0x01);
  static final byte[] P = bytes(0, 0, 0, 1, 0x41, 0x9A, 0x02);
  static final byte[] P_SECOND_SLICE = bytes(0, 0, 0, 1, 0x41, 0x4A, 0x03);

  static final byte[] FILLER = bytes(0, 0, 0, 1, 0x0C, 0xFF, 0xFF, 0xFF);

  private final List<Long> dropped = new ArrayList<>();
  private final AccessUnitAssembler assembler =
      new AccessUnitAssembler(Codec.H264, 40_000, VideoPublisher.MAX_UNIT_BYTES, dropped::add);
  /** Holds a unit of AUD, SPS, PPS and IDR (25 bytes), not a 37-byte picture. */
  private final AccessUnitAssembler small = new AccessUnitAssembler(Codec.H264, 40_000, 25, dropped::add);

  @Test
  void parameterSetsInTheirOwnPacketJoinThePictureThatFollows() {
    assertThat(assembler.push(concat(SPS, PPS), 0, 0, true)).isEmpty();
    assertThat(assembler.push(IDR, 0, 0, true)).isEmpty();
    List<AccessUnitAssembler.AccessUnit> done = assembler.push(P, 40_000, 40_000, false);
    assertThat(done).hasSize(1);
    assertThat(done.get(0).data()).isEqualTo(concat(SPS, PPS, IDR));
    assertThat(done.get(0).ptsUs()).isZero();
    assertThat(done.get(0).keyframe()).isTrue();
    AccessUnitAssembler.AccessUnit last = assembler.flush();
    assertThat(last.ptsUs()).isEqualTo(40_000);
    assertThat(last.keyframe()).isFalse();
    assertThat(assembler.flush()).isNull();
  }

  @Test
  void slicesOfOnePictureFormOneAccessUnit() {
    assembler.push(P, 40_000, 40_000, false);
    assertThat(assembler.push(P_SECOND_SLICE, 40_000, 40_000, false)).isEmpty();
    assertThat(assembler.push(P, 80_000, 80_000, false).get(0).data()).isEqualTo(concat(P, P_SECOND_SLICE));
  }

  /** Regression: a packet ending with the next unit's delimiter and SPS put them in the wrong record. */
  @Test
  void packetEndingWithTheNextUnitsPrefixIsCutBetweenNalUnits() {
    assembler.push(concat(AUD, P), 0, 0, false);
    List<AccessUnitAssembler.AccessUnit> done = assembler.push(concat(P_SECOND_SLICE, AUD, SPS), 0, 0, false);
    assertThat(done).hasSize(1);
    assertThat(done.get(0).data()).isEqualTo(concat(AUD, P, P_SECOND_SLICE));
    assertThat(assembler.push(concat(PPS, IDR), 40_000, 40_000, true)).isEmpty();
    AccessUnitAssembler.AccessUnit key = assembler.flush();
    assertThat(key.data()).isEqualTo(concat(AUD, SPS, PPS, IDR));
    assertThat(key.ptsUs()).isEqualTo(40_000);
    assertThat(key.keyframe()).isTrue();
  }

  @Test
  void wholePictureWithoutTimestampIsDatedOneFrameBeforeTheNext() {
    // FFmpeg's RTSP demuxer may give a session's first packet no pts
    assertThat(assembler.push(concat(SPS, PPS, IDR), NO_TS, NO_TS, true)).isEmpty();
    AccessUnitAssembler.AccessUnit au = assembler.push(P, 80_000, 80_000, false).get(0);
    assertThat(au.data()).isEqualTo(concat(SPS, PPS, IDR));
    assertThat(au.ptsUs()).isEqualTo(40_000);
    assertThat(au.keyframe()).isTrue();
  }

  @Test
  void keyframeIsRecognisedFromTheNalUnitsWhenTheFlagIsMissing() {
    assembler.push(IDR, 0, 0, false);
    assertThat(assembler.flush().keyframe()).isTrue();
  }

  @Test
  void unitLargerThanTheCapIsDroppedOnceAndTheNextUnitIsWhole() {
    assertThat(small.push(concat(SPS, PPS, IDR), 0, 0, true)).isEmpty();
    List<AccessUnitAssembler.AccessUnit> done = small.push(concat(P, slice(0x41, 0x4A, 30)), 40_000, 40_000, false);
    assertThat(done).hasSize(1);
    assertThat(done.get(0).data()).isEqualTo(concat(SPS, PPS, IDR));
    assertThat(dropped).containsExactly(7L + 30);
    assertThat(small.push(slice(0x41, 0x4A, 30), 40_000, 40_000, false)).isEmpty(); // rest of the dropped unit
    assertThat(small.push(concat(SPS, PPS, IDR), 80_000, 80_000, true)).isEmpty();
    AccessUnitAssembler.AccessUnit next = small.flush();
    assertThat(next.data()).isEqualTo(concat(SPS, PPS, IDR));
    assertThat(next.ptsUs()).isEqualTo(80_000);
    assertThat(next.keyframe()).isTrue();
    assertThat(dropped).hasSize(1);
  }

  /** Garbage without a picture never cut a unit: it grew without bound and swallowed the next keyframe. */
  @Test
  void endlessNalUnitsWithoutAPictureAreDroppedAndTheNextKeyframeStartsAfresh() {
    for (int i = 0; i < 1000; i++) {
      assertThat(small.push(FILLER, NO_TS, NO_TS, false)).isEmpty();
    }
    assertThat(dropped).hasSize(1);
    assertThat(small.push(concat(AUD, SPS, PPS), 0, 0, true)).isEmpty();
    assertThat(small.push(IDR, 0, 0, true)).isEmpty();
    List<AccessUnitAssembler.AccessUnit> done = small.push(P, 40_000, 40_000, false);
    assertThat(done).hasSize(1);
    assertThat(done.get(0).data()).isEqualTo(concat(AUD, SPS, PPS, IDR));
    assertThat(done.get(0).keyframe()).isTrue();
  }

  @Test
  void accessUnitAboveTheRecordLimitIsDropped() {
    byte[] huge = slice(0x65, 0x88, VideoPublisher.MAX_UNIT_BYTES + 1);
    assertThat(assembler.push(huge, 0, 0, true)).isEmpty();
    assertThat(dropped).containsExactly((long) huge.length);
    assertThat(assembler.flush()).isNull();
    assertThat(assembler.push(IDR, 40_000, 40_000, true)).isEmpty();
    assertThat(assembler.flush().data()).isEqualTo(IDR);
  }

  @Test
  void unitsAfterADroppedOneAreSkippedUntilTheNextKeyframe() {
    assembler.push(IDR, 0, 0, true);
    assertThat(assembler.push(P, 40_000, 40_000, false)).hasSize(1); // the IDR
    assembler.skip(10_000_000); // drops the P being assembled
    assertThat(assembler.push(P, 80_000, 80_000, false)).isEmpty();
    assertThat(assembler.push(P, 120_000, 120_000, false)).isEmpty(); // the P at 80 ms refers to the lost one
    List<AccessUnitAssembler.AccessUnit> done = assembler.push(IDR, 160_000, 160_000, true);
    assertThat(done).isEmpty(); // nor is the P at 120 ms returned
    assertThat(assembler.push(P, 200_000, 200_000, false)).extracting(AccessUnitAssembler.AccessUnit::ptsUs)
        .containsExactly(160_000L);
    assertThat(assembler.flush().ptsUs()).isEqualTo(200_000);
  }

  @Test
  void skippedPacketDropsTheUnitItBelongsTo() {
    assembler.push(P, 0, 0, false);
    assembler.skip(10_000_000);
    assertThat(dropped).containsExactly(P.length + 10_000_000L);
    assertThat(assembler.push(P_SECOND_SLICE, 0, 0, false)).isEmpty();
    assertThat(assembler.push(IDR, 40_000, 40_000, true)).isEmpty(); // the cut: the dropped unit is not returned
    assertThat(assembler.flush().data()).isEqualTo(IDR);
    assertThat(dropped).hasSize(1);
  }

  /** A NAL unit of the given header bytes and size (start code included), its payload 0x55. */
  static byte[] slice(int header, int first, int size) {
    byte[] out = new byte[size];
    java.util.Arrays.fill(out, (byte) 0x55);
    out[3] = 1;
    out[0] = out[1] = out[2] = 0;
    out[4] = (byte) header;
    out[5] = (byte) first;
    return out;
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int pos = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, pos, p.length);
      pos += p.length;
    }
    return out;
  }
}
