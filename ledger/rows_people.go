package ledger

// PeopleReads reads users, API tokens, passwords and web sessions.
type PeopleReads interface{}

// PeopleWrites writes users, API tokens, passwords and web sessions.
type PeopleWrites interface{}
