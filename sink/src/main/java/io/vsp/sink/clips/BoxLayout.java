package io.vsp.sink.clips;

/**
 * Where a box and its label go on a frame, in pixels: pure geometry, so it is tested without images. Every
 * rectangle starts on an even pixel and has even sides (bar the frame's own edge), so in 4:2:0 video each
 * 2×2 chroma block is either wholly inside a line or wholly outside it.
 *
 * @param edges the outline as four filled bands: left, right, top, bottom, each {x, y, w, h}, centred on the box edge
 * @param label the filled background of the label, {x, y, w, h}: above the box, or inside under its top edge
 *     when there is no room above
 * @param textX left end of the text's baseline
 * @param textY the text's baseline
 */
record BoxLayout(int[][] edges, int[] label, int textX, int textY) {

  /**
   * @param box x1, y1, x2, y2 as fractions of the frame
   * @param thickness line width, even ({@link BoxStyle#thickness})
   * @param textWidth width of the rendered label text
   * @param textHeight height of the text above its baseline
   * @param baseline depth of the text below its baseline
   */
  static BoxLayout of(int width, int height, double[] box, int thickness, int textWidth, int textHeight,
                      int baseline) {
    int half = thickness / 2;
    int x1 = even((int) Math.round(Math.min(box[0], box[2]) * width) - half);
    int x2 = even((int) Math.round(Math.max(box[0], box[2]) * width) - half);
    int y1 = even((int) Math.round(Math.min(box[1], box[3]) * height) - half);
    int y2 = even((int) Math.round(Math.max(box[1], box[3]) * height) - half);
    int spanW = x2 + thickness - x1;
    int spanH = y2 + thickness - y1;
    int[][] edges = {
        {x1, y1, thickness, spanH},
        {x2, y1, thickness, spanH},
        {x1, y1, spanW, thickness},
        {x1, y2, spanW, thickness}};

    int pad = Math.max(2, even(thickness / 2));
    int labelW = evenUp(textWidth + 2 * pad);
    int labelH = evenUp(textHeight + baseline + 2 * pad);
    int lx = Math.max(0, Math.min(x1, even(width - labelW)));
    int ly = y1 - labelH >= 0 ? y1 - labelH : Math.max(0, y1) + thickness;
    return new BoxLayout(edges, new int[] {lx, ly, labelW, labelH}, lx + pad, ly + pad + textHeight);
  }

  static int even(int v) {
    return v & ~1;
  }

  static int evenUp(int v) {
    return (v + 1) & ~1;
  }
}
