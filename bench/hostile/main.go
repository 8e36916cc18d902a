// Command hostile writes the hostile workbooks of the reader's benchmark
// in the sizes of issue 13's reports, to be read with socdw under
// /usr/bin/time -v (bench/workbooks.sh):
//
//	go run ./bench/hostile -out bench/out/hostile
package main

import (
	"flag"
	"fmt"
	"log"

	"github.com/socdw/socdw/internal/fixture"
)

func main() {
	out := flag.String("out", "bench/out/hostile", "directory")
	flag.Parse()
	makers := []func(string) (string, error){
		// shared strings inflating to 512 MiB of identical strings
		func(d string) (string, error) { return fixture.InflatingSharedStringsXLSX(d, 512<<20) },
		// 3 000 000 distinct shared strings (compress like text) for a one-row sheet
		func(d string) (string, error) { return fixture.ManySharedStringsXLSX(d, 3_000_000) },
		// styles.xml inflating to 512 MiB of cell formats
		func(d string) (string, error) { return fixture.InflatingStylesXLSX(d, 512<<20) },
		// 20 000 rows, each with a cell in A and one in XFD
		func(d string) (string, error) { return fixture.WideRowsXLSX(d, 20_000) },
		// 70 KB of nesting: 10 000 levels
		func(d string) (string, error) { return fixture.DeepNestingXLSX(d, 10_000) },
		fixture.EntityXLSX,
		fixture.MalformedSheetXLSX,
		fixture.BadCRCXLSX,
		func(d string) (string, error) { return fixture.InflatingXLSX(d, 4<<30) }, // 4 GiB of sheet XML
	}
	for _, mk := range makers {
		p, err := mk(*out)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(p)
	}
}
