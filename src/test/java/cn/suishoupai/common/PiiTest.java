package cn.suishoupai.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Phone and ID-card numbers typed into free text are masked for staff views (table-driven, no Quarkus). */
class PiiTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            nullValues = "NULL",
            value = {
                // typed                                      | shown to staff
                "NULL                                         | NULL",
                "''                                           | ''",
                "楼道堵塞，无联系方式                          | 楼道堵塞，无联系方式",
                "电话13800138000                               | 电话138****8000",
                "电话 138 0013 8000 谢谢                       | 电话 138****8000 谢谢",
                "电话 138-0013-8000                            | 电话 138****8000",
                "+86 139 1234 5678 有人吗                      | +86 139****5678 有人吗",
                "86-13912345678                                | 86-139****5678",
                "手机:15912345678,备用:18812345678             | 手机:159****5678,备用:188****5678",
                // not a mobile: too short, too long, 12 as the second digit
                "单号 1381234567                               | 单号 1381234567",
                "编号 123456789012                             | 编号 123456789012",
                "12345678901                                   | 12345678901",
                "订单 2024061513800138000                      | 订单 2024061513800138000",
                // landlines with an area code
                "座机 0731-84567890                            | 座机 0731-****7890",
                "座机 010-12345678 转 8                        | 座机 010-****5678 转 8",
                "座机 (0731) 8456 7890                         | 座机 (0731) ****7890",
                // ID cards: 18 characters (last may be X) and the old 15 digits
                "身份证11010119900307457X                      | 身份证110101********457X",
                "身份证 110101199003074578。                   | 身份证 110101********4578。",
                "id 11010119900307457x end                     | id 110101********457x end",
                "老证 110101900307457                          | 老证 110101*****7457",
                "身份证 1101 0119 9003 0745 78                 | 身份证 110101********4578",
                // amounts, dates and coordinates stay readable
                "罚款 5000 元，2026-06-15 14:30 发现            | 罚款 5000 元，2026-06-15 14:30 发现",
                "坐标 28.228056,112.938611                      | 坐标 28.228056,112.938611",
            })
    void masksPhoneAndIdNumbers(String typed, String shown) {
        assertThat(Pii.mask(typed)).isEqualTo(shown);
    }
}
