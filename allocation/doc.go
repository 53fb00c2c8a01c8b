// Package allocation is what happens after the money is out.
//
// A caseworker spends from a maatwerk pot before anyone knows which legal
// budget should pay: that is the point of the pot. Afterwards finance finds
// out which budget should really have paid (Wmo 2015, Jeugdwet,
// Participatiewet, Wet gemeentelijke schuldhulpverlening, an outside party
// such as a health insurer, or maatwerk proper), and the municipality learns
// from what it spent: how much it regrets, which situations keep coming back
// and need policy, and how long residents stayed stuck.
//
// The package holds pure functions over ledger types, with no I/O, storage or
// HTTP; package httpapi and the stores call them with facts they have read:
//
//   - Split and Resolve turn allocation lines given as amounts and
//     percentages into cents that add up exactly (largest remainder method).
//   - Suggest proposes an allocation from the rule table, with the taakveld
//     valid in the booking year, and NextParty and Rotation apply "the
//     cheapest solution prevails; every organisation takes its turn" among
//     outside parties.
//   - Queue is finance's work list: spent payouts not yet fully allocated,
//     oldest first, in age bands.
//   - Regret and RegretOver compare the regretted share of spending with the
//     pot's threshold (Zaanstad: "of 20 percent of what you spend on
//     maatwerk you may regret it"), and show how much older spending nobody
//     evaluated.
//   - Signals finds what comes back: a category or a deviated rule met in
//     three cases or more within twelve months ("if you meet something three
//     times, it needs policy").
//   - ForPayout and ForPot measure timeliness: cases stuck longer than eight
//     weeks before the request, and decisions that took more than two weeks.
//
// Money is ledger.Cents and shares are ledger.Ratio throughout; nothing here
// uses binary floating point, not even for percentiles. Errors a user can
// cause are *ledger.Error with code ledger.EINVALID and the fields at fault
// named as in the API's JSON ("lines[2].percentage").
package allocation
