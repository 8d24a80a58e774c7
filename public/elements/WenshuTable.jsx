// wenshu's answer table (cl.CustomElement "WenshuTable"): every row in a box that grows
// with it (no inner scrolling), sortable by a click on a column, paged in the answer's
// language. Props (assistant/chat/render.py table_props): lang, columns, numeric,
// rows (display text), keys (raw values to sort by), page_size, labels.
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { ArrowDown, ArrowUp } from "lucide-react";

export default function WenshuTable() {
  const { columns, numeric, rows, keys, labels } = props;
  const pageSize = props.page_size || 10;
  const [sort, setSort] = useState(null); // {column, down}
  const [page, setPage] = useState(0);

  const order = useMemo(() => {
    const index = rows.map((_, i) => i);
    if (!sort) return index;
    const key = (i) => keys[i][sort.column];
    index.sort((a, b) => {
      const x = key(a), y = key(b);
      if (x === y) return 0;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      const less = typeof x === "number" && typeof y === "number" ? x < y : String(x).localeCompare(String(y), props.lang) < 0;
      return (less ? -1 : 1) * (sort.down ? -1 : 1);
    });
    return index;
  }, [rows, keys, sort]);

  const pages = Math.max(1, Math.ceil(rows.length / pageSize));
  const shown = order.slice(page * pageSize, (page + 1) * pageSize);
  const toggle = (column) => {
    setSort(sort && sort.column === column ? { column, down: !sort.down } : { column, down: false });
    setPage(0);
  };

  return (
    <div className="wenshu-table w-full" data-rows={rows.length}>
      <div className="w-full overflow-x-auto rounded-md border">
        <table className="w-full text-sm">
          <thead>
            <tr className="border-b bg-muted/50">
              {columns.map((label, c) => (
                <th key={c} scope="col" onClick={() => toggle(c)}
                    className={"h-10 px-3 font-medium text-muted-foreground cursor-pointer select-none whitespace-nowrap " + (numeric[c] ? "text-right" : "text-left")}>
                  <span className="inline-flex items-center gap-1">
                    {label}
                    {sort && sort.column === c ? (sort.down ? <ArrowDown className="!size-3" /> : <ArrowUp className="!size-3" />) : null}
                  </span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r} className="border-b last:border-0">
                {rows[r].map((cell, c) => (
                  <td key={c} className={"px-3 py-2 " + (numeric[c] ? "text-right tabular-nums whitespace-nowrap" : "text-left")}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 ? (
        <div className="wenshu-pages flex items-center justify-end gap-2 pt-2 text-sm">
          <Button variant="ghost" size="sm" disabled={page === 0} onClick={() => setPage(page - 1)}>{labels.previous}</Button>
          <span className="text-muted-foreground">{labels.page.replace("{page}", page + 1).replace("{pages}", pages)}</span>
          <Button variant="ghost" size="sm" disabled={page >= pages - 1} onClick={() => setPage(page + 1)}>{labels.next}</Button>
        </div>
      ) : null}
    </div>
  );
}
