// The console's side of a viewer on stage: "Invite on stage" on a viewer's chat message or
// question, who is invited or on stage, and Remove (takes them off the air at once).
import { t } from "../shop/strings.js";

export function mountStageHost({ call, after }) {
  const box = document.createElement("div");
  box.className = "stage-box";
  box.hidden = true;
  after.after(box);
  const STATES = { invited: () => t("invited, waiting for them"), on_stage: () => t("on stage"), expired: () => t("did not answer") };

  async function refresh() {
    const rows = (await call("GET", "/stage")) || [];
    box.replaceChildren();
    box.hidden = rows.length === 0;
    for (const row of rows) {
      const line = document.createElement("p");
      line.dataset.invitation = String(row.invitation_id);
      line.dataset.stageState = row.state;
      const who = document.createElement("strong");
      who.textContent = row.name;
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "secondary";
      remove.dataset.action = "stage-remove";
      remove.textContent = t("Remove from stage");
      remove.addEventListener("click", async () => { await call("POST", "/stage/remove"); refresh(); });
      line.append(who, ` ${(STATES[row.state] || (() => row.state))()} `, remove);
      box.append(line);
    }
  }

  function inviteButton(messageId) {
    const b = document.createElement("button");
    b.type = "button";
    b.dataset.action = "stage-invite";
    b.textContent = t("Invite on stage");
    b.addEventListener("click", async () => {
      if (await call("POST", "/stage/invite", { message_id: Number(messageId) })) refresh();
    });
    return b;
  }

  refresh();
  return { refresh, inviteButton };
}
