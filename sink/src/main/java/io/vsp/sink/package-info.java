package io.vsp.sink;
