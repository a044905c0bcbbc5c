package io.vsp.common;
