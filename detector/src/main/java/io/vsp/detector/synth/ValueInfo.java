package io.vsp.detector.synth;

import java.util.Arrays;
import java.util.List;

/**
 * A graph input or output ({@code ValueInfoProto}): name, element type and shape. Dims are static
 * except where an output's length depends on the data (the NMS {@code flat} rows).
 */
record ValueInfo(String name, ElemType type, List<Dim> dims) {

  /** One dimension: a fixed size, or a symbolic name when the size is only known at run time. */
  record Dim(long value, String param) {
    static Dim of(long value) {
      return new Dim(value, null);
    }

    static Dim symbolic(String param) {
      return new Dim(-1, param);
    }
  }

  ValueInfo {
    dims = List.copyOf(dims);
  }

  static ValueInfo of(String name, ElemType type, long... dims) {
    return new ValueInfo(name, type, Arrays.stream(dims).mapToObj(Dim::of).toList());
  }
}
