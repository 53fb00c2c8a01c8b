package ledger

// Legacy is what the SQLite store still serves while operations move
// above the engines into Service, subject by subject; a moved method is
// taken out of it. It goes when it is empty.
type Legacy interface {
	Close() error
}
