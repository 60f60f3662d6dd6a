package cn.suishoupai.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.suishoupai.identity.Account;
import cn.suishoupai.identity.Addressees.Contact;
import cn.suishoupai.notify.NoticeRouting.Channel;
import cn.suishoupai.notify.NoticeRouting.Send;
import cn.suishoupai.notify.Outbox.RecipientType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The pure rules of notices: the Chinese texts, the routing of a type to recipients and channels, WeChat's limits. */
class NoticeRulesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    /** 2026-05-06 10:00 in Shanghai. */
    static final Instant AT = Instant.parse("2026-05-06T02:00:00Z");

    static final NoticeTexts.Links H5 = new NoticeTexts.Links(
            "https://h5.example/r/{reportId}",
            "https://h5.example/r/{reportId}/after",
            "https://console.example/t/{ticketId}",
            "https://console.example/review/{reportId}",
            "https://h5.example/rewards");

    static JsonNode payload(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> texts() {
        return Stream.of(
                Arguments.of(
                        "REPORT_ACCEPTED",
                        "{\"reportId\":7,\"ticketId\":9}",
                        "上报已受理",
                        "您上报的隐患（编号 7）已受理，已派单至责任单位处理。",
                        "https://h5.example/r/7"),
                Arguments.of(
                        "REPORT_REJECTED",
                        "{\"reportId\":7,\"reason\":\"NOT_A_HAZARD\",\"reasonLabel\":\"不属于安全隐患\",\"note\":\"系正常施工\"}",
                        "上报不予受理",
                        "您上报的隐患（编号 7）不予受理，原因：不属于安全隐患：系正常施工。",
                        "https://h5.example/r/7"),
                Arguments.of(
                        "REPORT_REJECTED",
                        "{\"reportId\":8,\"reason\":\"DUPLICATE\",\"reasonLabel\":\"重复上报\",\"note\":null}",
                        "上报不予受理",
                        "您上报的隐患（编号 8）不予受理，原因：重复上报。",
                        "https://h5.example/r/8"),
                Arguments.of(
                        "REPORT_MERGED",
                        "{\"reportId\":7,\"ticketId\":9}",
                        "上报已合并处理",
                        "您上报的隐患（编号 7）与已受理的同一隐患合并处理，处理进展将一并告知。",
                        "https://h5.example/r/7"),
                Arguments.of(
                        "REPORT_CANCELLED",
                        "{\"reportId\":7,\"ticketId\":9,\"reasonCode\":\"CANCELLED\",\"reason\":\"已由住建站另案处理\"}",
                        "工单已撤销",
                        "您上报的隐患（编号 7）对应的工单已撤销，原因：已由住建站另案处理。",
                        "https://h5.example/r/7"),
                Arguments.of(
                        "REPORT_CANCELLED",
                        "{\"reportId\":7,\"ticketId\":9,\"reasonCode\":\"VERIFIED_NOT_REAL\",\"reasonLabel\":\"经核实不属实\",\"reason\":\"现场无堆放\"}",
                        "工单已撤销",
                        "您上报的隐患（编号 7）对应的工单已撤销，原因：经核实不属实：现场无堆放。",
                        "https://h5.example/r/7"),
                Arguments.of(
                        "REPORT_CLOSED",
                        "{\"reportId\":7,\"ticketId\":9}",
                        "隐患已整改",
                        "您上报的隐患（编号 7）已整改完毕并通过复查，可查看整改后照片并评价。",
                        "https://h5.example/r/7/after"),
                Arguments.of(
                        "REWARD_ACCRUED",
                        "{\"rewardId\":3,\"ticketId\":9,\"amountFen\":5000}",
                        "奖励已记入",
                        "您上报的隐患经核实属实，奖励 50.00 元已记入，结算后发放。",
                        "https://h5.example/rewards"),
                Arguments.of(
                        "REWARD_PAID",
                        "{\"rewardId\":3,\"amountFen\":2550,\"channel\":\"PHONE_CREDIT\"}",
                        "奖励已发放",
                        "您的奖励 25.50 元已发放（话费充值）。",
                        "https://h5.example/rewards"),
                Arguments.of(
                        "REWARD_FAILED",
                        "{\"rewardId\":3,\"amountFen\":5000,\"reason\":\"号码已停机\",\"actionHint\":\"请更换收款手机号。\"}",
                        "奖励发放失败",
                        "您的奖励 50.00 元发放失败（号码已停机）。请更换收款手机号。",
                        "https://h5.example/rewards"),
                Arguments.of(
                        "REWARD_FAILED",
                        "{\"rewardId\":3,\"amountFen\":5000,\"reason\":\"空号\",\"actionHint\":\"发放失败（空号）。如收款手机号有误，请更换。\"}",
                        "奖励发放失败",
                        "您的奖励 50.00 元发放失败（空号）。如收款手机号有误，请更换。",
                        "https://h5.example/rewards"),
                Arguments.of(
                        "TICKET_DISPATCHED",
                        "{\"ticketId\":9,\"signDueAt\":\"2026-05-06T12:00:00+08:00\",\"rectifyDueAt\":\"2026-05-13T17:30:00+08:00\"}",
                        "新工单待签收",
                        "工单 9 已派至本单位，请于5月6日 12:00前签收，5月13日 17:30前完成整改。",
                        "https://console.example/t/9"),
                Arguments.of(
                        "TICKET_TO_VERIFY",
                        "{\"ticketId\":9,\"verifyDueAt\":\"2026-05-08T10:00:00+08:00\"}",
                        "新工单待核实",
                        "工单 9 待现场核实，请于5月8日 10:00前完成核实。",
                        "https://console.example/t/9"),
                Arguments.of(
                        "TICKET_RECTIFIED",
                        "{\"ticketId\":9,\"recheckDueAt\":\"2026-05-08T10:00:00+08:00\"}",
                        "工单待复查",
                        "工单 9 已提交整改，请于5月8日 10:00前现场复查。",
                        "https://console.example/t/9"),
                Arguments.of(
                        "TICKET_RETURNED",
                        "{\"ticketId\":9,\"reason\":\"UNIT_UNAVAILABLE\"}",
                        "工单待重新派单",
                        "工单 9 被退回（原责任单位已停用或不再负责本辖区），请重新派单。",
                        "https://console.example/t/9"),
                Arguments.of(
                        "EXTENSION_REQUESTED",
                        "{\"ticketId\":9,\"requestedDueAt\":\"2026-05-20T17:30:00+08:00\"}",
                        "延期申请待审批",
                        "工单 9 申请将整改期限延至5月20日 17:30，请审批。",
                        "https://console.example/t/9"),
                Arguments.of(
                        "RECHECK_FAILED",
                        "{\"ticketId\":9,\"reason\":\"杂物仍未清理\",\"rectifyDueAt\":\"2026-05-20T17:30:00+08:00\"}",
                        "复查未通过，请重新整改",
                        "工单 9 复查未通过（杂物仍未清理），请于5月20日 17:30前重新整改。",
                        "https://console.example/t/9"),
                Arguments.of(
                        "TICKET_OVERDUE",
                        "{\"ticketId\":9,\"deadline\":\"SIGN\",\"deadlineAt\":\"2026-05-06T12:00:00+08:00\"}",
                        "签收已逾期",
                        "工单 9 的签收已逾期（期限5月6日 12:00），请尽快办理。",
                        "https://console.example/t/9"),
                Arguments.of(
                        "DEADLINE_REMINDER",
                        "{\"reportId\":4,\"deadline\":\"REVIEW\",\"deadlineAt\":\"2026-05-06T12:00:00+08:00\"}",
                        "线索审核期限将至",
                        "线索 4 的线索审核期限5月6日 12:00即将到期，请及时办理。",
                        "https://console.example/review/4"),
                Arguments.of("SOMETHING_ELSE_42", "{}", "通知", "您有一条新通知（SOMETHING_ELSE_42）。", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void eachTypeHasItsChineseTitleTextAndLink(String type, String json, String title, String text, String link) {
        NoticeTexts.Rendered r = NoticeTexts.render(type, payload(json), AT, H5);
        assertEquals(title, r.title());
        assertEquals(text, r.text());
        assertEquals(link, r.link());
        assertEquals(title, r.values().get("title"));
        assertEquals("2026年5月6日 10:00", r.values().get("time"));
    }

    @Test
    void withoutAConfiguredPageTheLinkIsTheApiPathAndAMissingIdLeavesNoLink() {
        assertEquals(
                "/api/v1/reports/7",
                NoticeTexts.render("REPORT_CLOSED", payload("{\"reportId\":7}"), AT, NoticeTexts.Links.API)
                        .link());
        assertEquals(
                null,
                NoticeTexts.render("REPORT_CLOSED", payload("{\"ticketId\":9}"), AT, NoticeTexts.Links.API)
                        .link());
    }

    /** Every kind names its recipients, residents' kinds only accounts, staff kinds never an account. */
    @Test
    void residentKindsGoToAccountsAndStaffKindsToUnitsOrRegions() {
        for (NoticeKind k : NoticeKind.values()) {
            if (k.audience == NoticeKind.Audience.RESIDENT) {
                assertEquals(java.util.Set.of(RecipientType.ACCOUNT), k.recipients, k.name());
            } else {
                assertThat(k.recipients).as(k.name()).isNotEmpty().doesNotContain(RecipientType.ACCOUNT);
            }
        }
        assertThat(NoticeKind.TICKET_TO_VERIFY.recipients).containsExactly(RecipientType.REGION_GRID_WORKERS);
        assertThat(NoticeKind.TICKET_RECTIFIED.recipients)
                .containsExactlyInAnyOrder(RecipientType.REGION_DISPATCHERS, RecipientType.REGION_GRID_WORKERS);
        assertThat(NoticeKind.TICKET_CLOSED.external).isFalse();
        assertEquals(Optional.empty(), NoticeKind.of("NOT_A_KIND"));
    }

    static final Contact WECHAT_RESIDENT = new Contact(1, Account.Kind.RESIDENT, "13900000001", "openid-1");
    static final Contact WECHAT_NO_PHONE = new Contact(2, Account.Kind.RESIDENT, null, "openid-2");
    static final Contact SMS_RESIDENT = new Contact(3, Account.Kind.RESIDENT, "13900000003", null);
    static final Contact NOBODY_REACHABLE = new Contact(4, Account.Kind.RESIDENT, null, null);
    static final Contact CLERK = new Contact(10, Account.Kind.STAFF, "13800000010", null);
    static final Contact CLERK_NO_PHONE = new Contact(11, Account.Kind.STAFF, null, null);

    static final NoticeChannels.Setting SMS_AND_BOT =
            new NoticeChannels.Setting(5, true, List.of("13700000000", "13800000010"), "bot-key-1", "markdown");
    static final NoticeChannels.Setting BOT_ONLY = new NoticeChannels.Setting(6, false, List.of(), "bot-key-2", "text");
    static final NoticeChannels.Setting DUTY_ONLY =
            new NoticeChannels.Setting(7, false, List.of("13700000000"), null, "markdown");

    static Send wechat(long id, String fallback) {
        return new Send(Channel.WECHAT, "account:" + id, id, null, fallback);
    }

    static Send sms(String target, long id, String phone) {
        return new Send(Channel.SMS, target, id, phone, null);
    }

    static Stream<Arguments> routing() {
        Send integration = NoticeRouting.INTEGRATION;
        Optional<NoticeChannels.Setting> none = Optional.empty();
        return Stream.of(
                // residents: WeChat when a template is configured and there is an openid, the phone as fallback
                Arguments.of(
                        "REPORT_ACCEPTED",
                        RecipientType.ACCOUNT,
                        List.of(WECHAT_RESIDENT),
                        true,
                        true,
                        none,
                        List.of(wechat(1, "13900000001"), integration)),
                Arguments.of(
                        "REPORT_ACCEPTED",
                        RecipientType.ACCOUNT,
                        List.of(WECHAT_RESIDENT),
                        true,
                        false,
                        none,
                        List.of(wechat(1, null), integration)),
                Arguments.of(
                        "REWARD_PAID",
                        RecipientType.ACCOUNT,
                        List.of(WECHAT_NO_PHONE),
                        true,
                        true,
                        none,
                        List.of(wechat(2, null), integration)),
                // no template for the type: SMS when the phone is known
                Arguments.of(
                        "REPORT_ACCEPTED",
                        RecipientType.ACCOUNT,
                        List.of(WECHAT_RESIDENT),
                        false,
                        true,
                        none,
                        List.of(sms("account:1", 1, "13900000001"), integration)),
                Arguments.of(
                        "REPORT_CLOSED",
                        RecipientType.ACCOUNT,
                        List.of(SMS_RESIDENT),
                        true,
                        true,
                        none,
                        List.of(sms("account:3", 3, "13900000003"), integration)),
                Arguments.of(
                        "REPORT_CLOSED",
                        RecipientType.ACCOUNT,
                        List.of(SMS_RESIDENT),
                        true,
                        false,
                        none,
                        List.of(integration)),
                Arguments.of(
                        "REPORT_CLOSED",
                        RecipientType.ACCOUNT,
                        List.of(NOBODY_REACHABLE),
                        true,
                        true,
                        none,
                        List.of(integration)),
                // an account that no longer exists (or is disabled) is nobody
                Arguments.of("REPORT_CLOSED", RecipientType.ACCOUNT, List.of(), true, true, none, List.of(integration)),
                // staff: as the setting says; without one, in-app only
                Arguments.of(
                        "TICKET_DISPATCHED",
                        RecipientType.UNIT,
                        List.of(CLERK, CLERK_NO_PHONE),
                        true,
                        true,
                        Optional.of(SMS_AND_BOT),
                        List.of(
                                sms("account:10", 10, "13800000010"),
                                sms("phone:13700000000", 0, "13700000000"),
                                new Send(Channel.WECOM, "bot:5", 0, null, null),
                                integration)),
                Arguments.of(
                        "TICKET_TO_VERIFY",
                        RecipientType.REGION_GRID_WORKERS,
                        List.of(CLERK),
                        true,
                        true,
                        Optional.of(BOT_ONLY),
                        List.of(new Send(Channel.WECOM, "bot:6", 0, null, null), integration)),
                Arguments.of(
                        "TICKET_OVERDUE",
                        RecipientType.REGION_DISPATCHERS,
                        List.of(CLERK),
                        true,
                        true,
                        Optional.of(DUTY_ONLY),
                        List.of(sms("phone:13700000000", 0, "13700000000"), integration)),
                Arguments.of(
                        "TICKET_DISPATCHED",
                        RecipientType.UNIT,
                        List.of(CLERK),
                        true,
                        true,
                        none,
                        List.of(integration)),
                // information only, and unknown types: in-app and the integration
                Arguments.of(
                        "TICKET_CLOSED",
                        RecipientType.UNIT,
                        List.of(CLERK),
                        true,
                        true,
                        Optional.of(SMS_AND_BOT),
                        List.of(integration)),
                Arguments.of(
                        "CUSTOM_42",
                        RecipientType.ACCOUNT,
                        List.of(WECHAT_RESIDENT),
                        true,
                        true,
                        none,
                        List.of(integration)));
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("routing")
    void eachNoticeGoesOutOnTheChannelsItsRecipientHas(
            String type,
            RecipientType to,
            List<Contact> addressees,
            boolean template,
            boolean residentSms,
            Optional<NoticeChannels.Setting> staff,
            List<Send> expected) {
        assertEquals(expected, NoticeRouting.plan(NoticeKind.of(type), to, addressees, template, residentSms, staff));
    }

    static Stream<Arguments> keywords() {
        return Stream.of(
                Arguments.of("thing1", "上报已受理", "上报已受理"),
                Arguments.of("thing4", "原因：不属于本辖区或本系统受理范围：请向县应急局反映", "原因：不属于本辖区或本系统受理范围：请…"),
                Arguments.of("phrase3", "已受理", "已受理"),
                Arguments.of("phrase3", "发放失败了呢abc", "发放失败了"),
                Arguments.of("phrase3", "OK", "通知"),
                Arguments.of("character_string2", "12345", "12345"),
                Arguments.of("character_string2", "编号 12345", "12345"),
                Arguments.of("amount2", "50.00元", "50.00元"),
                Arguments.of("number5", "共 3 件", "3"),
                Arguments.of("name1", "一二三四五六七八九十十一", "一二三四五六七八九…"),
                Arguments.of("time4", "2026年5月6日 10:00", "2026年5月6日 10:00"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("keywords")
    void valuesAreCutToTheirWechatKeywordKind(String keyword, String value, String sent) {
        assertEquals(sent, SubscribeMessage.fit(keyword, value));
    }

    @Test
    void theTemplateMappingFillsEachKeyword() {
        Map<String, Map<String, String>> data = SubscribeMessage.data(
                NoticeDelivery.mapping("thing1=title, character_string2=reportId,phrase3=status,thing9=missing"),
                Map.of("title", "上报已受理", "reportId", "77", "status", "已受理"));
        assertEquals(
                Map.of(
                        "thing1", Map.of("value", "上报已受理"),
                        "character_string2", Map.of("value", "77"),
                        "phrase3", Map.of("value", "已受理"),
                        "thing9", Map.of("value", "-")),
                data);
    }

    static Stream<Arguments> errcodes() {
        return Stream.of(
                Arguments.of(0, ChannelResult.Outcome.SENT),
                Arguments.of(43101, ChannelResult.Outcome.REFUSED),
                Arguments.of(45009, ChannelResult.Outcome.RETRY),
                Arguments.of(-1, ChannelResult.Outcome.RETRY),
                Arguments.of(40001, ChannelResult.Outcome.RETRY),
                Arguments.of(42001, ChannelResult.Outcome.RETRY),
                Arguments.of(93000, ChannelResult.Outcome.PERMANENT),
                Arguments.of(40037, ChannelResult.Outcome.PERMANENT),
                Arguments.of(47003, ChannelResult.Outcome.PERMANENT));
    }

    @ParameterizedTest(name = "errcode {0}")
    @MethodSource("errcodes")
    void wechatAndWecomErrcodesAreSentRefusedRetriedOrGivenUp(int errcode, ChannelResult.Outcome outcome) {
        assertEquals(outcome, ChannelResult.ofErrcode(errcode, "x").outcome());
    }

    @Test
    void smsTextIsSignedAndBoundedWithTheLinkKept() {
        NoticeTexts.Rendered r = NoticeTexts.render("REPORT_CLOSED", payload("{\"reportId\":7}"), AT, H5);
        assertEquals(
                "【随手拍】隐患已整改：您上报的隐患（编号 7）已整改完毕并通过复查，可查看整改后照片并评价。 https://h5.example/r/7/after",
                NoticeRouting.sms(r, 200));
        String cut = NoticeRouting.sms(r, 40);
        assertThat(cut).hasSize(40).endsWith(" https://h5.example/r/7/after").contains("…");
        // an API path is no use in an SMS
        assertThat(NoticeRouting.sms(
                        NoticeTexts.render("REPORT_CLOSED", payload("{\"reportId\":7}"), AT, NoticeTexts.Links.API),
                        200))
                .doesNotContain("/api/");
    }

    @Test
    void wecomMessagesAreEscapedMarkdownOrText() {
        NoticeTexts.Rendered r = NoticeTexts.render(
                "TICKET_RETURNED", payload("{\"ticketId\":9,\"reason\":\"不归我们管 [点这里](http://x)\"}"), AT, H5);
        assertEquals(
                "**【随手拍】工单待重新派单**\n> 工单 9 被退回（不归我们管 \\[点这里\\]\\(http://x\\)），请重新派单。\n"
                        + "[查看详情](https://console.example/t/9)",
                WecomBot.markdown(r));
        assertEquals(
                "【随手拍】工单待重新派单\n工单 9 被退回（不归我们管 [点这里](http://x)），请重新派单。\nhttps://console.example/t/9", WecomBot.text(r));
        assertEquals("…abcd", NoticeChannels.hint("0123-xyz-abcd"));
    }
}
