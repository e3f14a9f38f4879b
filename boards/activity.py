"""The boards app's entries in the activity log, in words."""

ACTIONS = {
    "boards.board.created": "Board created",
    "boards.board.changed": "Board settings changed",
    "boards.organisation.added": "Organisation added",
    "boards.organisation.changed": "Organisation changed",
    "boards.person.added": "Person added",
    "boards.person.changed": "Person's details changed",
    "boards.person.erased": "Personal data erased",
    "boards.membership.added": "Member added",
    "boards.membership.ended": "Membership ended",
    "boards.membership.deputy_set": "Named deputy changed",
    "boards.login.email_changed": "Login e-mail address changed",
    "boards.invitation.sent": "Invited to sign in",
    "boards.invitation.resent": "Invitation sent again",
    "boards.invitation.withdrawn": "Invitation withdrawn",
    "boards.invitation.used": "Invitation used: login set up",
    "boards.members.imported": "Members imported from a file",
    "boards.members.import_discarded": "Member import discarded",
}
