// The saved-answers panel (cl.CustomElement "WenshuSaved", shown in the element sidebar):
// the asker's saved answers, newest first, each with Re-run and Delete. Both go to the page's
// actions ("saved_run", "saved_delete" in assistant/chat/app.py), which run them through the
// same path as `wenshu saved run` and Slack (role, guard, audit) and redraw this panel.
// Props: items [{id, title, question, saved, last}], labels.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Play, Trash2 } from "lucide-react";

export default function WenshuSaved() {
  const { items, labels } = props;
  const [busy, setBusy] = useState(null);

  const act = (name, id) => {
    setBusy(id);
    callAction({ name, payload: { saved: id } }).finally(() => setBusy(null));
  };

  if (!items.length) {
    return <p className="wenshu-saved-empty text-sm text-muted-foreground">{labels.empty}</p>;
  }
  return (
    <ul className="wenshu-saved flex flex-col gap-3">
      {items.map((item) => (
        <li key={item.id} className="wenshu-saved-item rounded-md border p-3 flex flex-col gap-1">
          <span className="font-medium text-sm break-words">{item.title}</span>
          <span className="text-xs text-muted-foreground">
            {labels.saved} {item.saved}{item.last ? ` · ${labels.last} ${item.last}` : ""}
          </span>
          <div className="flex gap-2 pt-1">
            <Button size="sm" className="wenshu-saved-run" disabled={busy !== null}
                    onClick={() => act("saved_run", item.id)}>
              <Play className="!size-3" />{labels.rerun}
            </Button>
            <Button size="sm" variant="ghost" className="wenshu-saved-delete" disabled={busy !== null}
                    aria-label={`${labels.delete} ${item.title}`} onClick={() => act("saved_delete", item.id)}>
              <Trash2 className="!size-3" />{labels.delete}
            </Button>
          </div>
        </li>
      ))}
    </ul>
  );
}
