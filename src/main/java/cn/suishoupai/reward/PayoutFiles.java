package cn.suishoupai.reward;

import cn.suishoupai.common.ApiException;
import cn.suishoupai.common.Problem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * The payout files: the export for the provider (CSV, UTF-8 with a BOM so Excel shows Chinese, RFC
 * 4180 quoting by commons-csv; XLSX by fastexcel) and the provider's result file (CSV).
 */
public final class PayoutFiles {

    /** Export columns: machine-readable keys, the same in both formats. */
    public static final List<String> EXPORT_HEADER = List.of(
            "line_no", "batch_id", "reward_id", "ticket_id", "payee_name", "phone", "amount_yuan", "channel", "openid");

    /** Result file columns (any order, extra columns ignored): reward_id, status (PAID | FAILED), external_ref, reason. */
    public static final List<String> RESULT_HEADER = List.of("reward_id", "status", "external_ref", "reason");

    static final int MAX_RESULT_BYTES = 5 * 1024 * 1024;

    private PayoutFiles() {}

    public static byte[] csv(long batchId, List<PayoutViews.ExportLine> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            try (CSVPrinter p = new CSVPrinter(
                    new OutputStreamWriter(out, StandardCharsets.UTF_8),
                    CSVFormat.RFC4180
                            .builder()
                            .setHeader(EXPORT_HEADER.toArray(String[]::new))
                            .get())) {
                for (PayoutViews.ExportLine l : lines) {
                    // a leading = + - @ would make a spreadsheet read a cell as a formula (CSV injection)
                    p.printRecord(
                            l.lineNo(),
                            batchId,
                            l.rewardId(),
                            l.ticketId(),
                            safe(l.payeeName()),
                            safe(l.phone()),
                            RewardCalculator.yuan(l.amountFen()),
                            l.channel().name(),
                            safe(l.openid()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] xlsx(long batchId, List<PayoutViews.ExportLine> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Workbook wb = new Workbook(out, "suishoupai", "1.0");
            Worksheet ws = wb.newWorksheet("batch-" + batchId);
            for (int c = 0; c < EXPORT_HEADER.size(); c++) {
                ws.value(0, c, EXPORT_HEADER.get(c));
            }
            int row = 1;
            for (PayoutViews.ExportLine l : lines) {
                ws.value(row, 0, l.lineNo());
                ws.value(row, 1, batchId);
                ws.value(row, 2, l.rewardId());
                ws.value(row, 3, l.ticketId());
                ws.value(row, 4, l.payeeName());
                ws.value(row, 5, l.phone()); // text, so leading digits and length stay as they are
                ws.value(row, 6, BigDecimal.valueOf(l.amountFen(), 2));
                ws.style(row, 6).format("0.00").set();
                ws.value(row, 7, l.channel().name());
                ws.value(row, 8, l.openid());
                row++;
            }
            wb.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String safe(String s) {
        if (s == null || s.isEmpty()) {
            return s;
        }
        char c = s.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + s : s;
    }

    /** Parses the provider's result file; a malformed one is a 422 naming the row, and nothing is recorded. */
    public static List<PayoutResults.ResultLine> results(InputStream in) {
        byte[] bytes;
        try {
            bytes = in.readNBytes(MAX_RESULT_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length == 0 || bytes.length > MAX_RESULT_BYTES) {
            throw ApiException.invalidField("file", "field.result-file.size");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ApiException.invalidField("file", "field.result-file.encoding");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<PayoutResults.ResultLine> out = new ArrayList<>();
        try (Reader r = new StringReader(text);
                CSVParser p = CSVFormat.RFC4180
                        .builder()
                        .setIgnoreEmptyLines(true)
                        .setTrim(true)
                        .get()
                        .parse(r)) {
            Map<String, Integer> header = null;
            int columns = 0;
            for (CSVRecord rec : p) {
                if (header == null) {
                    header = header(rec);
                    columns = rec.size();
                    continue;
                }
                long row = rec.getRecordNumber(); // the header is row 1
                if (rec.size() > columns) {
                    // a value without a column name; a shorter row only omits trailing empty cells
                    throw new ApiException(
                            422,
                            "invalid-field",
                            List.of(new Problem.FieldError("file", "field.result-file.ragged")),
                            row);
                }
                String id = get(rec, header, "reward_id");
                Long rewardId;
                try {
                    rewardId = id == null ? null : Long.valueOf(id);
                } catch (NumberFormatException e) {
                    throw new ApiException(
                            422,
                            "invalid-field",
                            List.of(new Problem.FieldError("file", "field.result-file.row")),
                            row);
                }
                PayoutLine.Status status = status(get(rec, header, "status"));
                if (status == null) {
                    throw new ApiException(
                            422,
                            "invalid-field",
                            List.of(new Problem.FieldError("file", "field.result-file.row")),
                            row);
                }
                out.add(new PayoutResults.ResultLine(
                        rewardId, status, get(rec, header, "external_ref"), get(rec, header, "reason")));
            }
            if (header == null) {
                throw ApiException.invalidField("file", "field.result-file.header");
            }
        } catch (IOException | IllegalStateException | IllegalArgumentException | UncheckedIOException e) {
            throw ApiException.invalidField("file", "field.result-file.malformed");
        }
        if (out.isEmpty()) {
            throw ApiException.invalidField("file", "field.result-file.size");
        }
        return out;
    }

    /** Column positions by lower-case name; an empty or repeated column name, or no reward_id/status, is a 422. */
    private static Map<String, Integer> header(CSVRecord rec) {
        Map<String, Integer> header = new HashMap<>();
        for (int i = 0; i < rec.size(); i++) {
            String name = rec.get(i) == null ? "" : rec.get(i).strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty() || header.putIfAbsent(name, i) != null) {
                throw new ApiException(
                        422,
                        "invalid-field",
                        List.of(new Problem.FieldError("file", "field.result-file.header-column")),
                        i + 1);
            }
        }
        if (!header.containsKey("reward_id") || !header.containsKey("status")) {
            throw ApiException.invalidField("file", "field.result-file.header");
        }
        return header;
    }

    private static String get(CSVRecord rec, Map<String, Integer> header, String name) {
        Integer i = header.get(name);
        if (i == null || i >= rec.size()) {
            return null;
        }
        String v = rec.get(i);
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** PAID/SUCCESS/成功 and FAILED/FAIL/失败, as providers write them. */
    static PayoutLine.Status status(String s) {
        if (s == null) {
            return null;
        }
        switch (s.strip().toUpperCase(Locale.ROOT)) {
            case "PAID":
            case "SUCCESS":
            case "成功":
                return PayoutLine.Status.PAID;
            case "FAILED":
            case "FAIL":
            case "失败":
                return PayoutLine.Status.FAILED;
            default:
                return null;
        }
    }
}
