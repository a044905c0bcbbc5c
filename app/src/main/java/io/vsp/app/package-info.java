package io.vsp.app;
