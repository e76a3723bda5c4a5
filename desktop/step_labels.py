"""What each command is called on screen, for every kind of step: the inbox lists
refused steps of any workspace, and a record's history names the steps taken on it.

A plain table of `N_()` texts with no Qt or workspace import, so any page can name a
step without loading another workspace's modules (the inbox paid half a second on its
first open importing the licence detail pane for this table alone).
"""

from __future__ import annotations

from desktop.i18n import N_

STEP_LABELS = {
    # licences and payments
    "submit_licence_application": N_("Application submitted"),
    "renew_licence": N_("Renewal submitted"),
    "issue_voucher": N_("Voucher issued"),
    "cancel_voucher": N_("Voucher cancelled"),
    "record_payment": N_("Payment recorded"),
    "record_verification": N_("Verification recorded"),
    "approve_application": N_("Approved"),
    "reject_application": N_("Rejected"),
    "enter_weapon_details": N_("Weapon details entered"),
    "issue_licence": N_("Licence issued"),
    "correct_licence": N_("Licence corrected"),
    "clear_payment_exception": N_("Payment exception cleared"),
    # mutations
    "record_mutation": N_("Entered from the register"),
    "verify_mutation": N_("Verified"),
    "return_mutation": N_("Returned for correction"),
    "resubmit_mutation": N_("Resubmitted"),
    "attest_mutation": N_("Attested"),
    "reject_mutation": N_("Rejected"),
    "correct_mutation": N_("Correction"),
    # prison visits
    "open_visit_slot": N_("Slot opened"),
    "lease_visit_seats": N_("Seats leased"),
    "register_inmate": N_("Inmate registered"),
    "approve_visitor": N_("Visitor approved"),
    "book_visit": N_("Visit booked"),
    "move_visit": N_("Visit moved"),
    "cancel_visit": N_("Visit cancelled"),
    "check_in_visit": N_("Visitor checked in"),
    "record_visit_outcome": N_("Visit outcome recorded"),
    # any record
    "edit_record": N_("Edited"),
    "resolve_conflict": N_("Conflict resolved"),
    "dismiss_rejection": N_("Refused step dismissed"),
}
