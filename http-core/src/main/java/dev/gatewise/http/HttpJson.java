package dev.gatewise.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The mapper of JSON answers (records, maps, lists). */
public final class HttpJson {
    public static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private HttpJson() {}
}
