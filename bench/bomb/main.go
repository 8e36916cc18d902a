// Command bomb writes a workbook whose first sheet inflates to -gib GiB of
// XML, to measure that socdw refuses it in bounded memory and time:
//
//	go run ./bench/bomb -gib 4 -out bench/out
//	/usr/bin/time -v socdw check --config … --source … bench/out/bomb.xlsx
package main

import (
	"flag"
	"fmt"
	"log"

	"github.com/socdw/socdw/internal/fixture"
)

func main() {
	gib := flag.Int64("gib", 4, "GiB of sheet XML")
	out := flag.String("out", "bench/out", "directory to write bomb.xlsx into")
	flag.Parse()
	p, err := fixture.InflatingXLSX(*out, *gib<<30)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p)
}
