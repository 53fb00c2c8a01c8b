package ledger

import "context"

// Legacy is what the SQLite store still serves while operations move
// above the engines into Service, subject by subject; a moved method is
// taken out of it. It goes when it is empty.
type Legacy interface {
	Journal(ctx context.Context, after int64, limit int) ([]Transaction, error)
	JournalHead(ctx context.Context) (int64, string, error)
	Verify(ctx context.Context, opts VerifyOptions) (Verification, error)
	Close() error
}
