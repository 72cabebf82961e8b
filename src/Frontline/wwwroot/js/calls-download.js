// Saves a file a page made in-process (the API takes bearer tokens only, so a signed-in page cannot link to it).
export async function save(fileName, streamRef) {
    const blob = new Blob([await streamRef.arrayBuffer()], { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = fileName;
    document.body.appendChild(a);
    a.click();
    a.remove();
    URL.revokeObjectURL(url);
}
