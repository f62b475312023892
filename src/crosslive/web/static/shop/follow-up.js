// The follow-up's answer page: a person who clicked the link in the email has already chosen,
// so send the answer at once (one click). Programs that only fetch the link run no script and
// record nothing; the button stays for a browser without modules.
const form = document.querySelector("form[data-follow-up-auto]");
if (form && !sessionStorage.getItem(`sent:${location.pathname}`)) {
  sessionStorage.setItem(`sent:${location.pathname}`, "1");
  form.requestSubmit();
}
