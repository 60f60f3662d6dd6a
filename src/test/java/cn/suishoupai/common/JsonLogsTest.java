package cn.suishoupai.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/** The production log line: one JSON object, whatever the message holds. */
class JsonLogsTest {

    @Test
    void oneParsableObjectPerLineWithTheStackTrace() throws Exception {
        ExtLogRecord r = new ExtLogRecord(
                Level.WARNING, "bad \"input\"\n\tnext line \\ \u0001 中文 %s", ExtLogRecord.FormatStyle.PRINTF, "cn.x.Y");
        r.setParameters(new Object[] {"arg"});
        r.setLoggerName("cn.suishoupai.x");
        r.setThrown(new IllegalStateException("boom"));
        String line = JsonLogs.formatter().format(r);
        assertThat(line).endsWith("}\n").doesNotContain("\n{").hasLineCount(1);
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.path("message").asText()).isEqualTo("bad \"input\"\n\tnext line \\ \u0001 中文 arg");
        assertThat(json.path("level").asText()).isEqualTo("WARNING");
        assertThat(json.path("loggerName").asText()).isEqualTo("cn.suishoupai.x");
        assertThat(json.path("stackTrace").asText()).contains("IllegalStateException: boom");
    }
}
