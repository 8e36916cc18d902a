// Command baseline times what socdw's loads are compared with: DuckDB's
// own read_csv of the same CSV into a table, and a bare excelize Rows scan
// of the same workbook. It prints seconds on stdout.
//
// csv loads with DuckDB's defaults; csv-unordered first sets
// preserve_insertion_order = false, as socdw's booking insert does, so
// that the comparison holds against read_csv at its own fastest too.
package main

import (
	"database/sql"
	"fmt"
	"log"
	"os"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
	"github.com/xuri/excelize/v2"
)

func main() {
	if len(os.Args) != 3 {
		log.Fatal("usage: baseline csv|csv-unordered|xlsx FILE")
	}
	start := time.Now()
	switch os.Args[1] {
	case "csv", "csv-unordered":
		// Into a table of a database file, as socdw loads into its
		// warehouse file: both pay for writing to disk.
		dbPath := os.Args[2] + ".baseline.duckdb"
		os.Remove(dbPath)
		defer os.Remove(dbPath)
		db, err := sql.Open("duckdb", dbPath)
		if err != nil {
			log.Fatal(err)
		}
		db.SetMaxOpenConns(1) // the SET below holds for the one connection
		if os.Args[1] == "csv-unordered" {
			if _, err := db.Exec("SET preserve_insertion_order = false"); err != nil {
				log.Fatal(err)
			}
		}
		if _, err := db.Exec(`CREATE TABLE t AS SELECT * FROM read_csv(?, delim=';', header=true, encoding='latin-1', decimal_separator=',')`, os.Args[2]); err != nil {
			log.Fatal(err)
		}
		db.Close()
	case "xlsx":
		f, err := excelize.OpenFile(os.Args[2], excelize.Options{RawCellValue: true})
		if err != nil {
			log.Fatal(err)
		}
		rows, err := f.Rows(f.GetSheetList()[0]) // the first sheet, whatever its name
		if err != nil {
			log.Fatal(err)
		}
		n := 0
		for rows.Next() {
			if _, err := rows.Columns(excelize.Options{RawCellValue: true}); err != nil {
				log.Fatal(err)
			}
			n++
		}
		rows.Close()
	}
	fmt.Printf("%.3f\n", time.Since(start).Seconds())
}
