package io.vsp.detector;
