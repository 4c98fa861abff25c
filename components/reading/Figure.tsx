export function Figure({ src, alt, caption, title }: { src: string; alt: string; caption?: string; title?: string }) {
  const text = caption ?? title;
  return (
    <figure className="figure">
      <img src={src} alt={alt} loading="lazy" decoding="async" />
      {text ? <figcaption>{text}</figcaption> : null}
    </figure>
  );
}
