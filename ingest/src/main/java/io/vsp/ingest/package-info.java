package io.vsp.ingest;
