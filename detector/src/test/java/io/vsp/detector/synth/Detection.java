package io.vsp.detector.synth;

/** One decoded detection in input pixels, whatever output format it came from. */
record Detection(int image, int cls, float score, float x1, float y1, float x2, float y2) {

  float iou(Detection o) {
    return iou(o.x1, o.y1, o.x2, o.y2);
  }

  float iou(float ox1, float oy1, float ox2, float oy2) {
    float iw = Math.max(0, Math.min(x2, ox2) - Math.max(x1, ox1));
    float ih = Math.max(0, Math.min(y2, oy2) - Math.max(y1, oy1));
    float inter = iw * ih;
    float union = (x2 - x1) * (y2 - y1) + (ox2 - ox1) * (oy2 - oy1) - inter;
    return union <= 0 ? 0 : inter / union;
  }
}
