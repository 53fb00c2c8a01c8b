module github.com/ontschot/ontschot

go 1.26.8

require (
	github.com/mattn/go-sqlite3 v1.14.53
	github.com/shopspring/decimal v1.6.0
)
