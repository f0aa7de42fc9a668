export default function Index() {
  return <h1>Bare Remix app</h1>;
}
