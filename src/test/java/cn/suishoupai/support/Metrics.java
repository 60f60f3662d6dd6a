package cn.suishoupai.support;

import static io.restassured.RestAssured.given;

/** One series of /q/metrics (Prometheus text), as the dashboard reads it. */
public final class Metrics {

    private Metrics() {}

    /**
     * The value of the series named exactly {@code series} (a metric name, with its labels in braces when it has
     * some, as Prometheus writes them: {@code suishoupai_reports_reviewed_total{decision="accepted"}}); fails when
     * the series is absent.
     */
    public static double value(String series) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            if (space > 0 && line.substring(0, space).equals(series)) {
                return Double.parseDouble(line.substring(space + 1));
            }
        }
        throw new AssertionError("no series " + series + " on /q/metrics");
    }
}
