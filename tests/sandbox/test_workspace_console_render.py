"""The console's rendering: mrkdwn cleaned for a terminal, Block Kit numbered, tables split."""

from __future__ import annotations

from sandbox.console.render import Listing, Renderer, clean_mrkdwn, first_line
from sandbox.console.table import card, drop_empty_columns, table

NAMES = {"U0SAM": "Sam Lee"}.get


def names(user_id: str) -> str:
    return NAMES(user_id) or user_id


def test_mrkdwn_links_mentions_dates_and_emphasis_become_plain_text():
    text = (
        ":white_check_mark: Logged *R-0001* Jane Doe. Owner: <@U0SAM>, due "
        "<!date^1795534920^{date_short_pretty} {time}|2026-11-24 15:42> · "
        "<https://example.com/row|Open the row> _soon_ in <#C0REV|referral-review>"
    )
    assert clean_mrkdwn(text, names) == (
        "Logged R-0001 Jane Doe. Owner: @Sam Lee, due 2026-11-24 15:42 · "
        "Open the row (https://example.com/row) soon in #referral-review"
    )


def test_bold_inside_bold_is_unwrapped_too():
    assert clean_mrkdwn("*Possible conflict on *R-0001* Jane Doe*", names) == (
        "Possible conflict on R-0001 Jane Doe"
    )
    assert clean_mrkdwn("**R-0001* Jane Doe*: due", names) == "R-0001 Jane Doe: due"


def test_escaped_user_text_stays_literal_and_quotes_are_indented():
    text = "Said &lt;b&gt; &amp; more\n>needs payroll help\n&gt;not a quote"
    assert clean_mrkdwn(text, names) == ("Said <b> & more\n  | needs payroll help\n>not a quote")


def test_mailto_links_show_the_address_without_the_long_body():
    text = "<mailto:jane@acme.com?subject=Hi&amp;body=Long%20text|Open in email>"
    assert clean_mrkdwn(text, names) == "Open in email (mailto:jane@acme.com)"


def test_words_with_underscores_and_times_are_left_alone():
    assert clean_mrkdwn("snake_case_name at 10:30:00", names) == "snake_case_name at 10:30:00"


def test_a_link_hint_replaces_urls_the_console_can_show_itself():
    renderer = Renderer(names, links=lambda url: "type: sheet" if "sheet-id" in url else None)
    lines = renderer.text("<https://docs.google.com/sheet-id#gid=1|Open the row in the sheet>")
    assert lines == ["  Open the row in the sheet (type: sheet)"]


def test_blocks_number_every_interactive_element_across_a_listing():
    message = {
        "ts": "1.0",
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": "Your referrals"}},
            {"type": "section", "text": {"type": "mrkdwn", "text": "*R-0001* Jane"}},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": "Stage: *New*"}]},
            {
                "type": "actions",
                "block_id": "owner|R-0001|1",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": "Sent"},
                        "action_id": "a",
                    },
                    {
                        "type": "datepicker",
                        "action_id": "b",
                        "placeholder": {"type": "plain_text", "text": "Snooze until…"},
                    },
                ],
            },
        ],
    }
    listing = Listing()
    lines = Renderer(names).message(message, listing, "dm")
    assert lines == [
        "",
        "  == Your referrals ==",
        "  R-0001 Jane",
        "  ~ Stage: New",
        "  [1] Sent  [2] Snooze until… (pick a date)",
    ]
    second = Renderer(names).message(message, listing, "dm")
    assert second[-1] == "  [3] Sent  [4] Snooze until… (pick a date)"
    control = listing.get(2)
    assert (control.action_id, control.block_id, control.kind) == (
        "b",
        "owner|R-0001|1",
        "datepicker",
    )
    assert listing.get(5) is None and listing.get(0) is None


def test_first_line_summarises_a_message_for_news_about_others():
    message = {"text": ":bell: *New referral for you:* *R-0001* Jane Doe\nmore below"}
    assert first_line(message, names) == "New referral for you: R-0001 Jane Doe"


def test_a_wide_table_is_split_into_panels_that_repeat_the_first_column():
    headers = ["ID", "Lead name", "Stage", "Owner", "Context"]
    rows = [["R-0001", "Jane Doe", "Contacted", "Sam Lee", "needs payroll help and much more text"]]
    lines = table(headers, rows, width=40)
    assert lines[0].split() == ["ID", "Lead", "name", "Stage", "Owner"]
    assert "R-0001" in lines[2] and "Contacted" in lines[2]
    second_panel = lines[lines.index("") + 1 :]
    assert second_panel[0].split() == ["ID", "Context"]
    assert second_panel[2] == "R-0001  needs payroll help an…"  # cut at 22 characters
    assert all(len(line) <= 40 for line in lines)


def test_empty_columns_are_left_out_and_counted():
    headers, rows, dropped = drop_empty_columns(["ID", "Phone", "Stage"], [["R-1", "", "New"]])
    assert (headers, rows, dropped) == (["ID", "Stage"], [["R-1", "New"]], 1)


def test_a_card_shows_one_row_one_filled_column_per_line():
    lines = card(["ID", "Phone", "Stage"], ["R-0001", "", "Won"], width=80)
    assert [line.split() for line in lines] == [["ID", "R-0001"], ["Stage", "Won"]]
