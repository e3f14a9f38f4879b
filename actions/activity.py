"""The actions app's entries in the activity log, in words."""

ACTIONS = {
    "actions.action.minuted": "Action tracked from the minutes",
    "actions.action.follows_minutes": "Action changed as the draft minutes changed",
    "actions.action.dropped": "Action taken out of the draft minutes",
    "actions.action.raised": "Action raised outside a meeting",
    "actions.action.edited": "Action edited",
    "actions.action.rag_set": "Action's RAG rating set by hand",
    "actions.action.reassigned": "Action reassigned",
    "actions.action.updated": "Action updated",
    "actions.action.updated_by_link": "Action updated from a reminder's link",
    "actions.action.cancelled": "Action cancelled",
    "actions.reminder.sent": "Action reminder sent",
    "actions.recommendation.minuted": "Recommendation tracked from the minutes",
    "actions.recommendation.dropped": "Recommendation taken out of the draft minutes",
    "actions.recommendation.entered": "Recommendation entered",
    "actions.recommendation.edited": "Recommendation's target, officer or due date changed",
    "actions.recommendation.updated": "Recommendation updated",
    "actions.recommendation.reminded": "Reminder that a response is due",
}
