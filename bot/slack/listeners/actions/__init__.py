from slack_bolt import App

from bot.slack import ids
from bot.slack.errors import reported

from .capture import capture_edit_callback, capture_undo_callback
from .conflicts import (
    conflict_claim_callback,
    conflict_credit_callback,
    conflict_old_card_callback,
)
from .drafts import mark_sent_callback, open_email_callback
from .escalations import reassign_thanks_callback, remind_callback, snooze_track_callback
from .followup import (
    close_no_response_callback,
    close_not_a_fit_callback,
    close_won_callback,
    followup_sent_callback,
    in_conversation_callback,
    no_further_action_callback,
    reassign_callback,
    snooze_1d_callback,
    snooze_3d_callback,
    snooze_pick_callback,
    waiting_reply_callback,
)
from .forget import forget_confirm_callback
from .rewards import (
    reward_amount_callback,
    reward_approve_callback,
    reward_confirm_callback,
    reward_decline_callback,
    reward_paid_callback,
)


def register(app: App) -> None:
    app.action(ids.FOLLOWUP_SENT)(reported(followup_sent_callback))
    app.action(ids.WAITING_REPLY)(reported(waiting_reply_callback))
    app.action(ids.IN_CONVERSATION)(reported(in_conversation_callback))
    app.action(ids.NO_FURTHER_ACTION)(reported(no_further_action_callback))
    app.action(ids.SNOOZE_1D)(reported(snooze_1d_callback))
    app.action(ids.SNOOZE_3D)(reported(snooze_3d_callback))
    app.action(ids.SNOOZE_PICK)(reported(snooze_pick_callback))
    app.action(ids.REASSIGN)(reported(reassign_callback))
    app.action(ids.CLOSE_WON)(reported(close_won_callback))
    app.action(ids.CLOSE_NO_RESPONSE)(reported(close_no_response_callback))
    app.action(ids.CLOSE_NOT_A_FIT)(reported(close_not_a_fit_callback))
    app.action(ids.MARK_SENT)(reported(mark_sent_callback))
    app.action(ids.OPEN_EMAIL)(reported(open_email_callback))
    app.action(ids.CONFLICT_CREDIT)(reported(conflict_credit_callback))
    app.action(ids.CONFLICT_CLAIM)(reported(conflict_claim_callback))
    app.action(ids.CONFLICT_KEEP_FIRST)(reported(conflict_old_card_callback))
    app.action(ids.CONFLICT_GIVE_SECOND)(reported(conflict_old_card_callback))
    app.action(ids.REWARD_APPROVE)(reported(reward_approve_callback))
    app.action(ids.REWARD_CONFIRM)(reported(reward_confirm_callback))
    app.action(ids.REWARD_PAID)(reported(reward_paid_callback))
    app.action(ids.REWARD_DECLINE)(reported(reward_decline_callback))
    app.action(ids.REWARD_AMOUNT)(reported(reward_amount_callback))
    app.action(ids.REMIND)(reported(remind_callback))
    app.action(ids.SNOOZE_TRACK)(reported(snooze_track_callback))
    app.action(ids.REASSIGN_THANKS)(reported(reassign_thanks_callback))
    app.action(ids.FORGET_CONFIRM)(reported(forget_confirm_callback))
    app.action(ids.CAPTURE_EDIT)(reported(capture_edit_callback))
    app.action(ids.CAPTURE_UNDO)(reported(capture_undo_callback))
