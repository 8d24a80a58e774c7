// 👍/👎 under an answer (cl.CustomElement "WenshuFeedback"): one rating per answer —
// choosing the other replaces it — and an optional comment. Each choice and each comment
// is sent to the page's "feedback" action (assistant/chat/app.py), which keeps the last;
// "thanks" shows once the server has it.
// Props: answer (the key the action knows it by), rating (already given, if any), labels.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ThumbsDown, ThumbsUp } from "lucide-react";

export default function WenshuFeedback() {
  const { labels } = props;
  const [rating, setRating] = useState(props.rating || null);
  const [comment, setComment] = useState("");
  const [open, setOpen] = useState(false);
  const [sent, setSent] = useState(false);

  const send = (value, text) =>
    callAction({ name: "feedback", payload: { answer: props.answer, rating: value, comment: text || "" } });

  const choose = (value) => {
    if (value === rating) return;
    setRating(value);
    setOpen(true);
    setSent(false);
    send(value, "").then(() => setSent(true));
  };

  const submit = () => {
    setSent(false);
    setOpen(false);
    send(rating, comment).then(() => setSent(true));
  };

  const style = (value) =>
    rating === value ? "text-primary bg-accent" : "text-muted-foreground";

  return (
    <div className="wenshu-feedback flex flex-col gap-2">
      <div className="flex items-center gap-1">
        <Button variant="ghost" size="sm" aria-label={labels.up} title={labels.up} aria-pressed={rating === "up"}
                className={"wenshu-up " + style("up")} onClick={() => choose("up")}>
          <ThumbsUp className="!size-4" />
        </Button>
        <Button variant="ghost" size="sm" aria-label={labels.down} title={labels.down} aria-pressed={rating === "down"}
                className={"wenshu-down " + style("down")} onClick={() => choose("down")}>
          <ThumbsDown className="!size-4" />
        </Button>
        {sent ? <span className="text-xs text-muted-foreground">{labels.thanks}</span> : null}
      </div>
      {open ? (
        <div className="flex flex-col gap-2 max-w-md">
          <textarea className="wenshu-comment w-full rounded-md border bg-transparent p-2 text-sm" rows={2}
                    placeholder={labels.comment} value={comment} onChange={(e) => setComment(e.target.value)} />
          <div className="flex gap-2">
            <Button size="sm" onClick={submit}>{labels.submit}</Button>
            <Button size="sm" variant="ghost" onClick={() => setOpen(false)}>{labels.skip}</Button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
