package ledger

// SetAfterPasswordCheck makes SignIn call fn between its password check
// and its write, for tests that change the account in between.
func SetAfterPasswordCheck(s *Service, fn func()) { s.afterPasswordCheck = fn }
