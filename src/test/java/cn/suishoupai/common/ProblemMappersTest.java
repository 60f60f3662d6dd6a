package cn.suishoupai.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import cn.suishoupai.support.RunGuard;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

/** Mappings that no HTTP test can provoke on demand. */
class ProblemMappersTest {

    record Item(@Required String name) {}

    record Body(List<@Matches(regexp = "[a-z]+", message = "m") String> tags, List<@Required @Valid Item> items) {}

    /** A field inside a list is named by its element's index, as the clients index the JSON they sent. */
    @Test
    void fieldsInListsAreNamedByTheirIndex() {
        Validator validator = Validation.byDefaultProvider()
                .configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory()
                .getValidator();
        List<String> fields =
                validator
                        .validate(new Body(List.of("ok", "NOT"), Arrays.asList(new Item("a"), null, new Item(null))))
                        .stream()
                        .map(ProblemMappers::fieldName)
                        .sorted()
                        .toList();
        assertEquals(List.of("items[1]", "items[2].name", "tags[1]"), fields);
    }

    @Test
    void unexpectedErrorsHideTheirMessageAndGiveAReference() throws Exception {
        Response[] answer = new Response[1];
        RunGuard.allowing(
                "ProblemMappersTest renders a planted unhandled error",
                () -> answer[0] =
                        new ProblemMappers().internal(new IllegalStateException("secret table name"), null, null));
        Response r = answer[0];
        assertEquals(500, r.getStatus());
        Problem p = (Problem) r.getEntity();
        assertFalse(p.detail().contains("secret"), p.detail());
        assertEquals(p.extensions().get("errorId").toString().length(), 36);
    }

    @Test
    void theDatabaseRefusalIsTheSameConflictAsTheServiceCheck() {
        // what Hibernate throws when an insert or update races past the service check
        var e = new ConstraintViolationException(
                "could not execute statement",
                new SQLException(
                        "conflicting key value violates exclusion constraint \"reward_rule_no_overlap\"", "23P01"),
                "reward_rule_no_overlap");
        Response r = new ProblemMappers().internal(e, null, null);
        assertEquals(409, r.getStatus());
        Problem p = (Problem) r.getEntity();
        assertEquals(Problem.TYPE_BASE + "reward-rule-overlap", p.type());
        assertFalse(p.detail().contains("reward_rule_no_overlap"), p.detail());
    }
}
