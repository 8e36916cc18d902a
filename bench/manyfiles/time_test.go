package manyfiles

import (
	"os"
	"strconv"
	"time"
)

func mustOld() time.Time { return time.Now().Add(-time.Hour) }

func init() {
	if n := os.Getenv("MANYFILES"); n != "" {
		files, _ = strconv.Atoi(n)
	}
}
