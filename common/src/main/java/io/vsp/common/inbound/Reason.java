package io.vsp.common.inbound;

/** Why an incoming record was refused: the {@code reason} label of {@code vsp_invalid_records_total}. */
public enum Reason {
  /** The record has no key, or its key is not a camera id, or not the camera its value names. */
  BAD_KEY("bad_key"),
  /** A required header is missing, or not a number where a number belongs, or an unknown value. */
  BAD_HEADER("bad_header"),
  /** A capture time at or before 1970, or one that is not a timestamp. */
  BAD_TIME("bad_time"),
  /** A capture time further ahead of this service's clock than {@code limits.maxClockSkew}. */
  CLOCK_SKEW("clock_skew"),
  /** A value that is not JSON, or not the SPEC record: a required field missing, an unknown version. */
  BAD_JSON("bad_json"),
  /** A box or score that is not finite or lies outside [0, 1]. */
  BAD_BOX("bad_box"),
  /** More than a limit allows: pixels, objects, bytes. */
  TOO_LARGE("too_large"),
  /** An image that is not a JPEG, or whose own header disagrees with the record's headers. */
  BAD_IMAGE("bad_image"),
  /** No value at all. */
  EMPTY("empty");

  private final String label;

  Reason(String label) {
    this.label = label;
  }

  /** The metric label value. */
  public String label() {
    return label;
  }
}
